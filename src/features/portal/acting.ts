import type { CitizenActor } from '../../policies/index.js';
import type { Executor } from '../../web/route.js';
import { representedAs } from './repository.js';

/** The person or representative a My Selfdirect route runs for (the portal's access guarantees one). */
export const citizenOf = (ctx: { citizen?: CitizenActor }): CitizenActor => ctx.citizen!;

/** Who did something in My Selfdirect, as the record keeps it: "Helen Ashworth, daughter, representative (family member)". */
export async function actingAs(db: Executor, citizen: CitizenActor, personId: string) {
  return `${citizen.displayName}, ${await representedAs(db, citizen.id, personId)}`;
}
