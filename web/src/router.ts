// A small client-side router: the URL is the state. Screens read `location`; links and code
// call Navigate(), which pushes history and tells the App to re-render.

import { useEffect, useState } from "preact/hooks";

const kRouteEvent = "backcare:route";

export function Navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(kRouteEvent));
  window.scrollTo(0, 0);
}

/** The current path + search, re-rendering the caller on every navigation. */
export function UseLocation(): { path: string; search: URLSearchParams; href: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    window.addEventListener("popstate", update);
    window.addEventListener(kRouteEvent, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(kRouteEvent, update);
    };
  }, []);
  return {
    path: window.location.pathname,
    search: new URLSearchParams(window.location.search),
    href: window.location.pathname + window.location.search,
  };
}

/** Click handler for <a href>: plain left clicks navigate in-app; others keep browser behaviour. */
export function OnLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (anchor.origin !== window.location.origin) return;
  event.preventDefault();
  Navigate(anchor.pathname + anchor.search + anchor.hash);
}

/** A path safe to return to after login: same-origin, absolute, not the login page itself. */
export function SafeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login")) return "/";
  return next;
}
