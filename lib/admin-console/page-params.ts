import "server-only";
import { notFound } from "next/navigation";

/** A concert id from an /admin URL: the API's id rule (a positive 32-bit integer), else the 404 page. */
export function concertIdOf(id: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2_147_483_647) notFound();
  return Number(id);
}
