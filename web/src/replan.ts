// What cancelling or missing a session changed in its course: POST /sessions/{id}/cancel and
// /miss answer a Replan (make-ups booked, later sessions moved), said in one sentence.

export interface Replan {
  added: number[];
  moved: number[];
  cancelled: number[];
  unplaced: unknown[];
}

export function ReplanWords(replan: Replan | undefined): string {
  if (!replan || !Array.isArray(replan.added)) return "";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts: string[] = [];
  if (replan.added.length) parts.push(`${plural(replan.added.length, "make-up session")} booked`);
  if (replan.moved.length) parts.push(`${plural(replan.moved.length, "later session")} moved`);
  if (replan.cancelled.length) parts.push(`${replan.cancelled.length} cancelled for want of a slot`);
  if (replan.unplaced.length) parts.push(`${replan.unplaced.length} could not be placed: book by hand`);
  return parts.length ? " " + parts.join("; ") + "." : "";
}
