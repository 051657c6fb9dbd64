import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { maskNumber, normalizeFaxNumber } from '../../helpers/phoneNumber';
import type { FaxProviderAdapter } from '../../providers/types';

/** One line of an allow-list: an exact E.164 number, or a prefix (`+1212555*`). */
interface AllowEntry {
	digits: string;
	prefix: boolean;
}

export interface AllowList {
	/** From the credential's Allowed Fax Numbers; empty = no limit. */
	credential: AllowEntry[];
	/** From the node option Allowed Fax Numbers; empty = no limit. */
	node: AllowEntry[];
	/** The credential's name as the user sees it in n8n. */
	credentialName: string;
	/** Whether the node option is filled by the AI agent ($fromAI), which must not count. */
	nodeFromAi: boolean;
}

function badEntry(source: string, line: number, field: string): FaxInputError {
	// The entry itself is not quoted: it may be anything the user pasted.
	return new FaxInputError(
		'invalidAllowedRecipients',
		`Allowed Fax Numbers in ${source}: line ${line} is not a fax number or prefix`,
		'Write one number per line in international format (+12125550123), or a prefix ending in * (+1212555*). Nothing was sent.',
		field,
	);
}

/**
 * Parses an allow-list: one entry per line (commas and semicolons also separate). A number is
 * read exactly like a fax number in international format (`+44 (0)20 7946 0123`, `0044 20…`,
 * `tel:+1…`), so it matches the number a send normalises; a prefix (ending in `*`) ignores
 * spaces, dashes, dots and brackets, drops a bracketed trunk `(0)` and reads `00` as `+`. An
 * unreadable line fails every send (fail closed).
 */
export function parseAllowList(value: unknown, source: string, field: string): AllowEntry[] {
	const text = Array.isArray(value) ? value.map(String).join('\n') : String(value ?? '');
	const entries: AllowEntry[] = [];
	text.split(/[\n\r,;]+/).forEach((rawLine, index) => {
		const line = rawLine.trim();
		if (!line || line.startsWith('#')) return;
		const entry = line.endsWith('*') ? readPrefix(line) : readNumber(line);
		if (!entry) throw badEntry(source, index + 1, field);
		entries.push(entry);
	});
	return entries;
}

function readPrefix(line: string): AllowEntry | undefined {
	const compact = line
		.replace(/\(\s*0\s*\)/, '')
		.replace(/[\s().-]/g, '')
		.replace(/^00/, '+');
	const match = /^\+(\d{1,15})\*$/.exec(compact);
	return match ? { digits: match[1], prefix: true } : undefined;
}

function readNumber(line: string): AllowEntry | undefined {
	// International format only: a national number would depend on each item's country option.
	if (!/^(tel:\s*)?\(?\s*(\+|00)/i.test(line)) return undefined;
	try {
		return { digits: normalizeFaxNumber(line).slice(1), prefix: false };
	} catch {
		return undefined;
	}
}

function matches(entries: AllowEntry[], e164: string): boolean {
	const digits = e164.replace(/\D/g, '');
	return entries.some((entry) =>
		entry.prefix ? digits.startsWith(entry.digits) : digits === entry.digits,
	);
}

/** Whether any allow-list limits this send (what the AI-tool rule requires). */
export function allowListApplies(list: AllowList): boolean {
	return list.credential.length > 0 || (list.node.length > 0 && !list.nodeFromAi);
}

function credentialName(ctx: IExecuteFunctions, adapter: FaxProviderAdapter): string {
	const ref = ctx.getNode().credentials?.[adapter.credentialType];
	return ref?.name ? String(ref.name) : `${adapter.displayName} credential`;
}

/** Whether the node's own option is an expression the AI agent fills. */
function optionFromAi(ctx: IExecuteFunctions): boolean {
	const options = ctx.getNode().parameters?.options as IDataObject | undefined;
	const raw = options?.allowedRecipients;
	return typeof raw === 'string' && /\$?fromAI\s*\(/i.test(raw);
}

/** The credential's and the node option's allow-lists for one item. */
export async function readAllowList(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	itemIndex: number,
	options: IDataObject,
): Promise<AllowList> {
	const credentials = await ctx.getCredentials(adapter.credentialType, itemIndex);
	const name = credentialName(ctx, adapter);
	return {
		credential: parseAllowList(
			credentials.allowedRecipients,
			`the credential "${name}"`,
			'allowedRecipients',
		),
		node: parseAllowList(options.allowedRecipients, 'the node options', 'allowedRecipients'),
		credentialName: name,
		nodeFromAi: optionFromAi(ctx),
	};
}

/**
 * Refuses a recipient outside the allow-lists, naming the masked number and which list refused
 * it. The node option can only narrow the credential's list: a number must pass both.
 */
export function assertAllowed(list: AllowList, e164: string, field: string): void {
	if (list.credential.length && !matches(list.credential, e164)) {
		throw new FaxInputError(
			'recipientNotAllowed',
			`Fax number ${maskNumber(e164)} is not in the Allowed Fax Numbers of the credential "${list.credentialName}"`,
			'Add the number (or a prefix such as +1212555*) to Allowed Fax Numbers in that credential, or use a credential meant for this recipient. Nothing was sent.',
			field,
		);
	}
	if (list.node.length && !matches(list.node, e164)) {
		throw new FaxInputError(
			'recipientNotAllowed',
			`Fax number ${maskNumber(e164)} is not in the Allowed Fax Numbers of this node's options (credential "${list.credentialName}")`,
			"Add the number (or a prefix) to the option Allowed Fax Numbers. The option can only narrow the credential's list. Nothing was sent.",
			field,
		);
	}
}

/**
 * n8n runs a `usableAsTool` node for an AI agent as its tool variant, node type `<name>Tool`
 * (e.g. `n8n-nodes-fax.faxTool`), both when the agent calls it directly (a SupplyDataContext,
 * whose isToolExecution() is true) and when the engine runs it as a node for the agent (an
 * ExecuteContext, whose isToolExecution() is always false, so the type name decides).
 */
export function runsAsAiTool(ctx: IExecuteFunctions): boolean {
	const type = String(ctx.getNode().type ?? '');
	const name = type.split('.').pop() ?? '';
	const toolContext = typeof ctx.isToolExecution === 'function' && ctx.isToolExecution();
	return toolContext || name.endsWith('Tool');
}

/** An AI agent may send or schedule only to numbers an allow-list names. */
export function assertToolMaySend(ctx: IExecuteFunctions, list: AllowList): void {
	if (!runsAsAiTool(ctx) || allowListApplies(list)) return;
	const reason = list.nodeFromAi
		? 'its Allowed Fax Numbers option is filled by the AI ($fromAI), which does not count'
		: 'no Allowed Fax Numbers are set';
	throw new FaxInputError(
		'aiToolNeedsAllowList',
		`The Fax node runs as an AI agent tool and ${reason}, so it refuses to send or schedule`,
		`Workflow builder: open the ${list.credentialName} credential and fill "Allowed Fax Numbers" (one number such as +12125550123 or prefix such as +1212555* per line), or set the node option "Allowed Fax Numbers" to a fixed list. The agent can then fax only those numbers. Check, Get Status and List work without it. Nothing was sent.`,
		'allowedRecipients',
	);
}
