import type { ProviderModule, SeedOptions, SimContext } from '../context';
import { SimInputError } from '../errors';
import { flagsOf, iso, seededRecipient } from '../context';
import type { Route, SimRequest, SimResponse } from '../http';
import { bearerToken, isPlainObject, json, matchRoute, parseJsonBody, pdf, route } from '../http';
import { randomHex } from '../ids';
import { FAXROCKS_TOKENS, FAXROCKS_USERS, type FaxRocksUser } from '../keys';
import type { FaxRecord, FaxState } from '../lifecycle';
import { faxStateAt, isFinal } from '../lifecycle';
import { countPdfPages, detectMimeType, makePdf, makeSimplePdf } from '../pdf';
import { createFax, seedFaxes } from '../records';
import { isValidTimeZone, parseIsoInZone } from '../timezone';

/**
 * faxrocks.com REST API (`<sim>/faxrocks/api`): Bearer token, Laravel-style JSON errors.
 * Where the docs are silent: lists are newest first, `status` is null until final (true =
 * delivered, false = failed or partial; config `faxRocksPendingStatus: 'false'` answers false
 * while in progress too, with `error: null` and `pages_sent` below `pages`), `sent_at` is the planned send time (the scheduled
 * time, or the creation time), price = 0.09 per page sent once final (estimate before).
 */
export const PRICE_PER_PAGE = 0.09;
export const MAX_RECIPIENTS = 10;

type Auth = { token: string; user: FaxRocksUser };
type Errors = Record<string, string[]>;

const INTERNATIONAL = /^\+[1-9]\d{6,14}$/;

/** Laravel's microsecond ISO format: 2024-01-21T15:00:00.000000Z */
function laravelDate(ms: number): string {
	return iso(ms).replace(/\.(\d{3})Z$/, '.$1000Z');
}

function validationError(errors: Errors): SimResponse {
	const messages = Object.values(errors).flat();
	const extra = messages.length - 1;
	const message =
		extra > 0 ? `${messages[0]} (and ${extra} more error${extra > 1 ? 's' : ''})` : messages[0];
	return json(422, { message, errors });
}

function normalizeNumber(value: string): string {
	return value.replace(/[\s().-]/g, '');
}

export class FaxRocksProvider implements ProviderModule {
	readonly name = 'faxRocks' as const;
	readonly prefix = '/faxrocks/api';
	private readonly balances = new Map<string, number>();
	private readonly routes: Array<Route<Auth>>;

	constructor(private readonly context: SimContext) {
		this.routes = [
			route<Auth>('/send', { POST: (request, _params, auth) => this.send(request, auth) }),
			route<Auth>('/faxes', { GET: (request, _params, auth) => this.list(request, auth) }),
			route<Auth>('/user', { GET: (_request, _params, auth) => this.user(auth) }),
			route<Auth>('/faxes/{id}/fax', {
				GET: (_request, params, auth) => this.download(params.id, auth, 'fax'),
			}),
			route<Auth>('/faxes/{id}/receipt', {
				GET: (_request, params, auth) => this.download(params.id, auth, 'receipt'),
			}),
		];
	}

	accountOf(key: string): string | null {
		return FAXROCKS_USERS[key] ? key : null;
	}

	reset(): void {
		this.balances.clear();
	}

	faultResponse(kind: '500' | '429', retryAfterSeconds: number): SimResponse {
		if (kind === '429') {
			return json(
				429,
				{ message: 'Too Many Attempts.' },
				{ 'Retry-After': String(retryAfterSeconds) },
			);
		}
		return json(500, { message: 'Server Error' });
	}

	handle(request: SimRequest): SimResponse | Promise<SimResponse> {
		const subPath = request.path.slice(this.prefix.length) || '/';
		const apiPath = `api${subPath}`;
		const match = matchRoute(this.routes, request.method, subPath);
		if (match.kind === 'none')
			return json(404, { message: `The route ${apiPath} could not be found.` });
		if (match.kind === 'method') {
			return json(
				405,
				{
					message: `The ${request.method} method is not supported for route ${apiPath}. Supported methods: ${match.allowed.join(', ')}.`,
				},
				{ Allow: match.allowed.join(', ') },
			);
		}
		const token = bearerToken(request);
		const user = token ? FAXROCKS_USERS[token] : undefined;
		if (!token || !user) return json(401, { message: 'Unauthenticated.' });
		if (flagsOf(this.context, 'faxRocks', token).forbidden) {
			return json(403, { message: 'This action is unauthorized.' });
		}
		return match.handler(request, match.params, { token, user });
	}

	private balanceOf(auth: Auth): number {
		return this.balances.get(auth.token) ?? auth.user.balance;
	}

	private send(request: SimRequest, auth: Auth): SimResponse {
		const parsed = parseJsonBody(request);
		const body = isPlainObject(parsed) ? parsed : {};
		const errors: Errors = {};
		const present = (key: string): boolean =>
			body[key] !== undefined && body[key] !== null && body[key] !== '';

		// Recipients
		const recipients: string[] = [];
		const batch = present('numbers');
		if (!present('number') && !batch) {
			errors.number = ['The number field is required when numbers is not present.'];
			errors.numbers = ['The numbers field is required when number is not present.'];
		} else if (present('number') && batch) {
			errors.number = ['The number field prohibits numbers from being present.'];
		} else if (!batch) {
			if (typeof body.number !== 'string') errors.number = ['The number field must be a string.'];
			else if (!INTERNATIONAL.test(normalizeNumber(body.number)))
				errors.number = ['The number field format is invalid.'];
			else recipients.push(normalizeNumber(body.number));
		} else if (!Array.isArray(body.numbers)) {
			errors.numbers = ['The numbers field must be an array.'];
		} else if (body.numbers.length === 0) {
			errors.numbers = ['The numbers field is required when number is not present.'];
		} else if (body.numbers.length > MAX_RECIPIENTS) {
			errors.numbers = [`The numbers field must not have more than ${MAX_RECIPIENTS} items.`];
		} else {
			body.numbers.forEach((item: unknown, index: number) => {
				if (typeof item !== 'string' || !INTERNATIONAL.test(normalizeNumber(item))) {
					errors[`numbers.${index}`] = [`The numbers.${index} field format is invalid.`];
				} else recipients.push(normalizeNumber(item));
			});
		}

		// Document
		let document: Buffer | null = null;
		if (!present('data')) errors.data = ['The data field is required.'];
		else if (typeof body.data !== 'string') errors.data = ['The data field must be a string.'];
		else {
			const compact = body.data.replace(/\s+/g, '');
			const decoded =
				/^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 !== 1
					? Buffer.from(compact, 'base64')
					: null;
			if (!decoded || detectMimeType(decoded) !== 'application/pdf') {
				errors.data = ['The data field must be a valid base64-encoded PDF file.'];
			} else document = decoded;
		}

		// Schedule
		let timezone = auth.user.timezone;
		if (present('timezone')) {
			if (typeof body.timezone !== 'string' || !isValidTimeZone(body.timezone)) {
				errors.timezone = ['The timezone field must be a valid timezone.'];
			} else timezone = body.timezone;
		}
		const now = this.context.clock.now();
		let scheduledAt: number | null = null;
		if (present('scheduled_at')) {
			const parsedDate =
				typeof body.scheduled_at === 'string' && !errors.timezone
					? parseIsoInZone(body.scheduled_at, timezone)
					: null;
			if (!parsedDate) {
				if (!errors.timezone)
					errors.scheduled_at = ['The scheduled at field must be a valid date.'];
			} else if (parsedDate.utcMs <= now) {
				errors.scheduled_at = ['The scheduled at field must be a date after now.'];
			} else scheduledAt = parsedDate.utcMs;
		}

		if (Object.keys(errors).length > 0 || !document) return validationError(errors);

		const pages = countPdfPages(document);
		const estimated = Math.round(PRICE_PER_PAGE * pages * 100) / 100;
		const faxes = recipients.map((number) =>
			createFax(this.context, {
				provider: 'faxRocks',
				makeId: () => Math.floor(now / 1000).toString(16) + randomHex(11),
				account: auth.token,
				createdWith: auth.token,
				to: number,
				pages,
				createdAt: now,
				startAt: scheduledAt ?? now,
				scheduled: scheduledAt !== null,
				timezone,
				document: { bytes: document as Buffer, mimeType: 'application/pdf' },
			}),
		);
		this.balances.set(
			auth.token,
			Math.round((this.balanceOf(auth) - estimated * faxes.length) * 100) / 100,
		);
		if (!batch) {
			return json(201, {
				message: 'Fax queued for transfer.',
				number: faxes[0].to,
				pages,
				estimated_costs: estimated,
			});
		}
		return json(201, {
			message: 'Faxes queued for transfer.',
			faxes: faxes.map((fax) => ({ number: fax.to, pages, estimated_costs: estimated })),
		});
	}

	private resource(record: FaxRecord, state: FaxState, auth: Auth): Record<string, unknown> {
		const final = isFinal(state.status);
		const pricedPages = final ? state.pagesSent : record.pages;
		return {
			id: record.id,
			number: record.to,
			sent_at: Math.floor(record.startAt / 1000),
			sent_at_timezone: record.timezone ?? auth.user.timezone,
			status: state.status === 'delivered' ? true : final ? false : this.pendingStatus(),
			error: state.error?.message ?? null,
			price: (PRICE_PER_PAGE * pricedPages).toFixed(2),
			pages: record.pages,
			pages_sent: state.pagesSent,
			created_at: laravelDate(record.createdAt),
			updated_at: laravelDate(state.updatedAt),
		};
	}

	/** In progress: `null` by default; `false` (a boolean column that starts false) when configured. */
	private pendingStatus(): false | null {
		return this.context.config.faxRocksPendingStatus === 'false' ? false : null;
	}

	private list(request: SimRequest, auth: Auth): SimResponse {
		const perPageRaw = request.query.get('perPage');
		let perPage = 15;
		if (perPageRaw !== null) {
			if (!/^-?\d+$/.test(perPageRaw.trim())) {
				return validationError({ perPage: ['The per page field must be an integer.'] });
			}
			perPage = Number(perPageRaw);
			if (perPage < 1 || perPage > 1000) {
				return validationError({ perPage: ['The per page field must be between 1 and 1000.'] });
			}
		}
		const pageRaw = Number(request.query.get('page') ?? '1');
		const page = Number.isInteger(pageRaw) && pageRaw >= 1 ? pageRaw : 1;
		const newestFirst = this.context.store.listFor('faxRocks', auth.token);
		const all =
			this.context.config.faxRocksListOrder === 'oldestFirst'
				? [...newestFirst].reverse()
				: newestFirst;
		const total = all.length;
		const lastPage = Math.max(1, Math.ceil(total / perPage));
		const start = (page - 1) * perPage;
		const slice = all.slice(start, start + perPage);
		const now = this.context.clock.now();
		const path = `${request.origin}${this.prefix}/faxes`;
		const link = (target: number): string =>
			`${path}?page=${target}${perPageRaw !== null ? `&perPage=${perPage}` : ''}`;
		return json(200, {
			data: slice.map((record) => this.resource(record, faxStateAt(record, now), auth)),
			links: {
				first: link(1),
				last: link(lastPage),
				prev: page > 1 ? link(Math.min(page - 1, lastPage)) : null,
				next: page < lastPage ? link(page + 1) : null,
			},
			meta: {
				current_page: page,
				from: slice.length > 0 ? start + 1 : null,
				last_page: lastPage,
				path,
				per_page: perPage,
				to: slice.length > 0 ? start + slice.length : null,
				total,
			},
		});
	}

	private user(auth: Auth): SimResponse {
		return json(200, {
			id: auth.user.id,
			name: auth.user.name,
			email: auth.user.email,
			created_at: auth.user.createdAt,
			timezone: auth.user.timezone,
			balance: this.balanceOf(auth).toFixed(2),
		});
	}

	private download(id: string, auth: Auth, kind: 'fax' | 'receipt'): SimResponse {
		const record = this.context.store.get(id);
		if (!record || record.provider !== 'faxRocks' || record.account !== auth.token) {
			return json(404, { message: 'Fax not found.' });
		}
		if (kind === 'fax') {
			return pdf(
				record.document?.bytes ?? makeSimplePdf(record.pages, 'faxrocks fax (simulated)'),
				`fax-${id}.pdf`,
			);
		}
		const state = faxStateAt(record, this.context.clock.now());
		if (!isFinal(state.status) || state.completedAt === null) {
			return json(404, { message: 'Receipt not available yet.' });
		}
		const receipt = makePdf([
			[
				'faxrocks.com transmission receipt (simulated)',
				`Fax ID: ${record.id}`,
				`Recipient: ${record.to}`,
				`Result: ${state.status === 'delivered' ? 'OK' : `FAILED - ${state.error?.message ?? ''}`}`,
				`Pages sent: ${state.pagesSent} of ${record.pages}`,
				`Completed: ${iso(state.completedAt)}`,
			],
		]);
		return pdf(receipt, `receipt-${id}.pdf`);
	}

	seed(options: SeedOptions): number {
		const token = options.key ?? FAXROCKS_TOKENS.primary;
		if (!FAXROCKS_USERS[token]) throw new SimInputError(`unknown faxrocks token ${token}`);
		return seedFaxes(this.context, options, (index, createdAt) => {
			const { to, pages } = seededRecipient(index);
			createFax(this.context, {
				provider: 'faxRocks',
				makeId: () => Math.floor(createdAt / 1000).toString(16) + randomHex(11),
				account: token,
				createdWith: token,
				to,
				pages,
				createdAt,
				timezone: FAXROCKS_USERS[token].timezone,
				document: null,
				seeded: true,
			});
		});
	}
}
