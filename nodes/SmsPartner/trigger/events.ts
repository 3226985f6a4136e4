/**
 * The trigger's events: what each reads from SMS Partner, what it remembers
 * between polls, and which changes it reports. Each event compares what SMS
 * Partner says now with what the previous poll remembered; the first poll only
 * remembers.
 */
import type { IDataObject } from 'n8n-workflow';

import { fetchAccount } from '../transport/account';
import type { RequestOptions, SmsPartnerContext } from '../transport/call';
import { fetchListedStops, parseStopEntry, type ListedStop } from '../transport/stopList';
import { fetchSubaccounts } from '../transport/subAccount';
import { compareIds, recordStops, restoreSeenStops, type SeenStops } from './stopMemory';

/** What a poll found: the events to emit, and the memory to keep for the next poll. */
export interface PollOutcome<Memory> {
	events: IDataObject[];
	memory: Memory;
}

export interface TriggerEvent<Memory> {
	/** Reads SMS Partner now and compares with the previous poll's memory (undefined: none yet). */
	poll(
		this: SmsPartnerContext,
		previous: Memory | undefined,
		settings: EventSettings,
	): Promise<PollOutcome<Memory>>;
	/** Examples from SMS Partner's current data, for "Fetch Test Event"; empty when there is none. */
	examples(this: SmsPartnerContext, settings: EventSettings): Promise<IDataObject[]>;
	/** The memory as n8n stored it, if it is one this event wrote; anything else counts as none. */
	restoreMemory(stored: unknown): Memory | undefined;
}

export interface EventSettings {
	/** Euros; for the balance events. */
	threshold: number;
	options: RequestOptions;
}

/** Went from at or above the threshold to below it. */
function crossedBelow(previous: number | undefined, now: number, threshold: number): boolean {
	return previous !== undefined && previous >= threshold && now < threshold;
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Subaccount token → its last known balance. */
type SubaccountBalances = Record<string, number>;

/** The balance a memory holds for a token; never one inherited from Object.prototype ("constructor"). */
function rememberedBalance(
	memory: SubaccountBalances | undefined,
	token: string,
): number | undefined {
	return memory !== undefined && Object.hasOwn(memory, token) ? memory[token] : undefined;
}

export const subaccountBalanceLow: TriggerEvent<SubaccountBalances> = {
	async poll(previous, { threshold, options }) {
		const subaccounts = await fetchSubaccounts.call(this, options);
		// A subaccount missing from this list, or listed without a readable balance, keeps
		// its last balance: forgetting it would lose its next drop.
		// No prototype: a token may be "__proto__", which a plain object would not keep.
		const memory: SubaccountBalances = Object.assign(Object.create(null), previous);
		const listed = new Set<string>();
		const events: IDataObject[] = [];
		for (const { tokenSubaccount, email, subaccountCredit, currency } of subaccounts) {
			// A token listed twice (pages shifting under a new subaccount, or a broken
			// answer) counts once: a second balance would undo the first one's memory.
			if (listed.has(tokenSubaccount)) continue;
			listed.add(tokenSubaccount);
			if (subaccountCredit === null) continue;
			const previousBalance = rememberedBalance(previous, tokenSubaccount);
			memory[tokenSubaccount] = subaccountCredit;
			if (crossedBelow(previousBalance, subaccountCredit, threshold)) {
				events.push({
					tokenSubaccount,
					email,
					subaccountCredit,
					threshold,
					previousSubaccountCredit: previousBalance,
					currency,
				});
			}
		}
		return { events, memory };
	},
	async examples({ threshold, options }) {
		const subaccounts = await fetchSubaccounts.call(this, options);
		return subaccounts
			.filter(({ subaccountCredit }) => subaccountCredit !== null && subaccountCredit < threshold)
			.map(({ tokenSubaccount, email, subaccountCredit, currency }) => ({
				tokenSubaccount,
				email,
				subaccountCredit,
				threshold,
				previousSubaccountCredit: null,
				currency,
			}));
	},
	restoreMemory(stored) {
		if (!isPlainObject(stored)) return undefined;
		// One entry that is not a balance is forgotten alone: the others keep their crossings.
		const memory: SubaccountBalances = Object.create(null);
		for (const [token, balance] of Object.entries(stored)) {
			if (isFiniteNumber(balance)) memory[token] = balance;
		}
		return memory;
	},
};

/** The main account's balance at the previous poll. */
interface MainBalance {
	balance: number;
}

export const balanceLow: TriggerEvent<MainBalance> = {
	async poll(previous, { threshold, options }) {
		const { credit, currency } = await fetchAccount.call(this, options);
		const events = crossedBelow(previous?.balance, credit, threshold)
			? [{ credit, threshold, previousCredit: previous!.balance, currency }]
			: [];
		return { events, memory: { balance: credit } };
	},
	async examples({ threshold, options }) {
		const { credit, currency } = await fetchAccount.call(this, options);
		return credit < threshold ? [{ credit, threshold, previousCredit: null, currency }] : [];
	},
	restoreMemory(stored) {
		return isPlainObject(stored) && isFiniteNumber(stored.balance)
			? { balance: stored.balance }
			: undefined;
	},
};

export const newStop: TriggerEvent<SeenStops> = {
	async poll(previous, { options }) {
		const listed = await fetchListedStops.call(this, options);
		// An id listed twice in one answer is one STOP; an id missing from one answer and back
		// in the next is the same STOP (a number put on the list again gets a new id).
		const { fresh, memory } = recordStops(
			previous,
			listed.map(({ id }) => id),
		);
		const byId = new Map(listed.map((entry) => [entry.id, entry]));
		const events: IDataObject[] = fresh.map((id) => ({ ...parseStopEntry(byId.get(id)!) }));
		return { events, memory };
	},
	async examples({ options }) {
		const listed = await fetchListedStops.call(this, options);
		const latest = listed.reduce<ListedStop | undefined>(
			(found, entry) => (found === undefined || compareIds(entry.id, found.id) > 0 ? entry : found),
			undefined,
		);
		return latest ? [{ ...parseStopEntry(latest) }] : [];
	},
	restoreMemory: restoreSeenStops,
};

/** Every event, by the trigger's `event` value. */
export const EVENTS = { subaccountBalanceLow, balanceLow, newStop } as const;
export type EventName = keyof typeof EVENTS;
