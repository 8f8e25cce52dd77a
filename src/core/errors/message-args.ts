// The message arguments of each AADSTS code, read at compile time from the `{slot}`s of its
// catalogue template. A missing or misspelt argument would otherwise go out on the wire as a
// literal "{slot}" in Entra's message, so it is a type error instead.

import { catalogue, placeholdersOf, type AadstsCode, type CatalogueMessage } from './catalogue.js';

/**
 * The `{name}` slots of a template literal type, as a union of names. Each step consumes one
 * slot (not one character) and carries the result in `Found`, so the recursion is tail-position
 * and a message would need ~1,000 slots to reach TypeScript's limit.
 */
export type Placeholders<T extends string, Found extends string = never> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Placeholders<Rest, Found | Name>
  : Found;

/** The slot names of code C's message (`never` when it has none). */
export type SlotsOf<C extends AadstsCode> = Placeholders<CatalogueMessage<C>>;

/** What a code without slots accepts as arguments: an empty object. */
export type NoMessageArgs = { readonly [slot: string]: never };

/** The arguments code C's message takes: every slot, as a string, and nothing else. */
export type MessageArgs<C extends AadstsCode> = [SlotsOf<C>] extends [never] ? NoMessageArgs : { [Slot in SlotsOf<C>]: string };

/** A parameter list ending in code C's arguments: optional exactly when its message has no slot. */
export type MessageArgsParam<C extends AadstsCode> = [SlotsOf<C>] extends [never] ? [args?: NoMessageArgs] : [args: MessageArgs<C>];

/**
 * A refusal decided outside idpError (a policy's verdict): the code together with exactly its
 * arguments. A union over C, so narrowing `code` narrows `args`.
 */
export type AadstsRefusal<C extends AadstsCode = AadstsCode> = { [K in C]: { code: K; args: MessageArgs<K> } }[C];

/** A policy's negative verdict: the refusal plus operator-only detail (sign-in log, /error page). */
export type RefusalVerdict<C extends AadstsCode> = { ok: false; detail: string } & AadstsRefusal<C>;

/**
 * A refusal decided where the application's id is unknown (the client-type decision): the
 * `appId` slot, where the message has one, is filled by whoever raises it (withAppId).
 */
export type RefusalWithoutAppId<C extends AadstsCode = AadstsCode> = { [K in C]: { code: K; args: Omit<MessageArgs<K>, 'appId'> } }[C];

/** The refusal for code C, checked against its message's slots. */
export function refusalOf<C extends AadstsCode>(code: C, ...[args]: MessageArgsParam<C>): AadstsRefusal<C> {
  // `args` is absent only for codes without slots, whose arguments are the empty object.
  return { code, args: (args ?? {}) as MessageArgs<C> };
}

/** Completes a refusal made without the application's id (the client-type decision's). */
export function withAppId<C extends AadstsCode>(refusal: RefusalWithoutAppId<C>, appId: string): AadstsRefusal<C> {
  if (!placeholdersOf(catalogue[refusal.code].message).includes('appId')) return refusal as AadstsRefusal<C>;
  // RefusalWithoutAppId left out exactly the appId slot, so the args are now complete; TypeScript
  // cannot follow that through the union, hence the conversion.
  return { code: refusal.code, args: { ...refusal.args, appId } } as unknown as AadstsRefusal<C>;
}
