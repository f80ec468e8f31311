// A one-shot message carried from one screen to the next (kept in memory, never in the URL).

export interface Flash {
  message: string;
  email?: string;
}

let pending: Flash | null = null;

export function SetFlash(flash: Flash): void {
  pending = flash;
}

export function TakeFlash(): Flash | null {
  const flash = pending;
  pending = null;
  return flash;
}
