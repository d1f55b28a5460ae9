/** The typed handler table the engine implements: one handler per request, checked complete by the compiler. */
import type { z } from 'zod';
import type { RequestName, Requests } from './requests';

/** Handles request N: gets the validated body, returns (or resolves) the reply, or throws a ContractError. */
export type Handler<N extends RequestName, Ctx> = (
  body: z.output<Requests[N]['request']>,
  ctx: Ctx,
) => z.input<Requests[N]['reply']> | Promise<z.input<Requests[N]['reply']>>;

/** Every request of the contract mapped to its handler. */
export type HandlerTable<Ctx> = { [N in RequestName]: Handler<N, Ctx> };

/** A part of the handler table (one domain's requests). */
export type PartialHandlerTable<Ctx, Names extends RequestName> = { [N in Names]: Handler<N, Ctx> };
