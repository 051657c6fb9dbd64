import type { IDataObject } from 'n8n-workflow';

import type { FaxStatus, ProviderName, UnifiedFax } from './types';
import { isFinalStatus } from './types';

/** ISO 8601 UTC from an ISO string, a unix time in seconds or ms, or nothing. */
export function toIsoOrNull(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value === 'number' && Number.isFinite(value)) {
		return new Date(value > 1e12 ? value : value * 1000).toISOString();
	}
	if (typeof value === 'string') {
		if (/^\d+(\.\d+)?$/.test(value)) return toIsoOrNull(Number(value));
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
	}
	return null;
}

export function toNumberOrNull(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const parsed = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(parsed) ? parsed : null;
}

export function toStringOrNull(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return String(value);
}

/** Some APIs wrap a single resource in `{ data: {...} }`; accept both. */
export function unwrapResource(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const object = body as IDataObject;
		const data = object.data;
		if (data && typeof data === 'object' && !Array.isArray(data) && !('id' in object)) {
			return data as IDataObject;
		}
		return object;
	}
	return {};
}

/** A list's rows whether the body is an array, `{ data: [...] }` or `{ items: [...] }`. */
export function unwrapList(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') {
		const object = body as IDataObject;
		for (const key of ['data', 'items', 'results', 'faxes']) {
			if (Array.isArray(object[key])) return object[key] as IDataObject[];
		}
	}
	return [];
}

export function unifiedFax(
	provider: ProviderName,
	fields: Partial<Omit<UnifiedFax, 'provider' | 'isFinal'>> & { status: FaxStatus },
): UnifiedFax {
	return {
		provider,
		id: fields.id ?? null,
		to: fields.to ?? null,
		status: fields.status,
		isFinal: isFinalStatus(fields.status),
		pages: fields.pages ?? null,
		pagesSent: fields.pagesSent ?? null,
		scheduledAt: fields.scheduledAt ?? null,
		sentAt: fields.sentAt ?? null,
		completedAt: fields.completedAt ?? null,
		cost: fields.cost ?? null,
		error: fields.error ?? null,
		raw: fields.raw ?? {},
	};
}

/** Newest first by creation time (ISO 8601), whatever order the provider listed them in (a sorted copy). */
export function newestFirst<T>(items: T[], createdAt: (item: T) => string | null): T[] {
	return [...items].sort((a, b) => (createdAt(b) ?? '').localeCompare(createdAt(a) ?? ''));
}
