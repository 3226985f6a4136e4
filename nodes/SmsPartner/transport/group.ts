/**
 * The contact group calls (create, list, delete), one function each (fetch*):
 * what an operation sends, and what it gets back, already read and checked.
 */
import { ENDPOINTS } from '../api/group';
import { SmsPartnerError } from '../helpers/errors';
import { incompleteSuccess } from './answer';
import type { RequestOptions, SmsPartnerContext } from './call';
import { requestSmsPartner } from './request';
import { parseAnswerId, parseObject, parseStatusFlag, parseText } from './values';

export interface Group {
	/** Opaque text, exactly as SMS Partner sent it. */
	groupId: string;
	name: string | null;
	createdAt: string | null;
	isSpecialFile: boolean | null;
	isLocationFile: boolean | null;
}

/** `POST /group/add`: the new group's id, as SMS Partner sent it. */
export async function fetchCreateGroup(
	this: SmsPartnerContext,
	name: string,
	options: RequestOptions,
): Promise<{ groupId: string; name: string }> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.groupAdd,
		fields: { name },
		...options,
	});
	const groupId = parseAnswerId(answer, answer.fields.groupId);
	if (groupId === undefined) throw incompleteSuccess(answer.status, 'groupId', ENDPOINTS.groupAdd);
	return { groupId, name: parseText(answer.fields.name) ?? name };
}

/** `GET /group/list`: every group (SMS Partner does not page it). */
export async function fetchGroups(
	this: SmsPartnerContext,
	options: RequestOptions,
): Promise<Group[]> {
	const answer = await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.groupList,
		fields: {},
		...options,
		format: 'json',
	});
	const { groups } = answer.fields;
	if (!Array.isArray(groups)) throw incompleteSuccess(answer.status, 'groups', ENDPOINTS.groupList);
	return groups.map((raw) => {
		const entry = parseObject(raw);
		const groupId = parseAnswerId(answer, entry.id);
		if (groupId === undefined)
			throw incompleteSuccess(answer.status, 'groups[].id', ENDPOINTS.groupList);
		return {
			groupId,
			name: parseText(entry.name) ?? null,
			createdAt: parseText(entry.createdAt) ?? null,
			isSpecialFile: parseStatusFlag(entry.isSpecialFile) ?? null,
			isLocationFile: parseStatusFlag(entry.isLocationFile) ?? null,
		};
	});
}

/** A 4xx answer that is not SMS Partner's: the server has no such path, nothing was done. */
function isMissingPath(error: unknown): boolean {
	return (
		error instanceof SmsPartnerError &&
		error.kind === 'api' &&
		error.details.code === null &&
		error.details.httpStatus === 404 &&
		error.details.outcome === 'rejected'
	);
}

/** `POST /group/delete`, or the French page's `/groupe/delete` where that path is missing (api/group.ts). */
export async function fetchDeleteGroup(
	this: SmsPartnerContext,
	groupId: string,
	options: RequestOptions,
): Promise<void> {
	const deleted = await requestSmsPartner
		.call(this, { endpoint: ENDPOINTS.groupDelete, fields: { groupId }, ...options })
		.then(() => true)
		.catch((error: unknown) => {
			if (isMissingPath(error)) return false;
			throw error;
		});
	if (deleted) return;
	await requestSmsPartner.call(this, {
		endpoint: ENDPOINTS.groupDeleteFrench,
		fields: { groupId },
		...options,
	});
}
