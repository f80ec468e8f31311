// Who is signed in, shared by every screen, plus small data-loading helpers.

import { createContext } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { ApiError, Get } from "./api";
import type { Actor, Clinic } from "./types";

export interface SessionState {
  user: Actor;
  /** Ends the local session (after POST /logout) and shows the login screen. */
  logout: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function UseSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error("UseSession outside a signed-in screen");
  return session;
}

/** Therapists and admins see clinical data; front desk and patients do not. */
export function SeesClinicalData(user: Actor): boolean {
  return user.role === "therapist" || user.role === "admin";
}

let clinic_promise: Promise<Clinic> | null = null;

/** The clinic (its time zone above all), fetched once per page load. */
export function LoadClinic(): Promise<Clinic> {
  if (!clinic_promise) {
    clinic_promise = Get<Clinic>("/clinic");
    clinic_promise.catch(() => {
      clinic_promise = null;
    });
  }
  return clinic_promise;
}

export function ForgetClinic(): void {
  clinic_promise = null;
}

export interface Resource<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `key` changes (and on reload()), keeping the last result while reloading. */
export function UseResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) =>
        current &&
        setState({
          loading: false,
          error: error instanceof ApiError ? error : new ApiError(0, "client", String(error), []),
        }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
