/**
 * Allowed Fax Numbers: the credential's list, the node option that narrows it, and the AI-tool
 * rule (the node's tool variant `n8n-nodes-fax.faxTool`, as n8n builds it for AI agents,
 * refuses sends and schedules unless an allow-list applies). Refusals happen before upload.
 */
import path from 'node:path';

import type { INodeParameters, INodeType } from 'n8n-workflow';

import type { NodeRunResult } from '../harness';
import {
	FAXDROP_SENDER,
	NUMBERS,
	PACKAGE_DIR,
	PROVIDERS,
	SEND_PATH,
	errorTexts,
	jsonOf,
	runFax,
	useFaxEnv,
	type Provider,
} from './helpers';

const FAX_TOOL = 'n8n-nodes-fax.faxTool';

/**
 * The tool variant as n8n's `convertNodeToAiTool` makes it: same node, name + "Tool". (Its
 * output stays main here so the harness can run it as a node, as n8n's engine does when an
 * agent asks for a tool call.)
 */
function faxToolType(): INodeType {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Fax } = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/Fax.node.js')) as {
		Fax: new () => INodeType;
	};
	const fax = new Fax();
	return {
		description: { ...fax.description, name: 'faxTool', displayName: 'Fax Tool' },
		execute: fax.execute,
	};
}

const env = useFaxEnv({}, { nodes: { [FAX_TOOL]: faxToolType() } });

function params(provider: Provider, extra: INodeParameters): INodeParameters {
	return { ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}), ...extra };
}

async function send(
	provider: Provider,
	toNumber: string,
	{
		credentialList,
		option,
		type,
	}: { credentialList?: string; option?: string; type?: string } = {},
): Promise<NodeRunResult> {
	return await runFax(env, {
		provider,
		operation: 'send',
		type,
		parameters: params(provider, {
			toNumber,
			...(option === undefined ? {} : { options: { allowedRecipients: option } }),
		}),
		credentials:
			credentialList === undefined ? {} : { extra: { allowedRecipients: credentialList } },
	});
}

function sends(provider: Provider): number {
	return env.sim.requests({ method: 'POST', path: SEND_PATH[provider] }).length;
}

describe.each(PROVIDERS)('%s: Allowed Fax Numbers in the credential', (provider) => {
	it('sends to a listed number and a number under a listed prefix', async () => {
		const list = `${NUMBERS.ok}\n+1 (212) 555-012*`;
		expect((await send(provider, NUMBERS.ok, { credentialList: list })).nodeError).toBeUndefined();
		expect((await send(provider, NUMBERS.ok2, { credentialList: list })).nodeError).toBeUndefined();
		expect(env.sim.faxes()).toHaveLength(2);
	});

	it('refuses any other number before upload, naming the masked number and the credential', async () => {
		const result = await send(provider, '+13125550150', { credentialList: '+1212555*' });
		expect(result.nodeError?.message).toMatch(/\+\*{7}0150 is not in the Allowed Fax Numbers/);
		expect(result.nodeError?.message).toContain('(harness)');
		expect(errorTexts(result).join(' ')).not.toContain('3125550150');
		expect(sends(provider)).toBe(0);
		expect(env.sim.faxes()).toHaveLength(0);
	});
});

describe('Allowed Fax Numbers: the node option narrows, never widens', () => {
	it('narrows: a number the credential allows but the option does not is refused', async () => {
		const refused = await send('sendFaxMail', NUMBERS.ok, {
			credentialList: '+1212555*',
			option: NUMBERS.ok2,
		});
		expect(refused.nodeError?.message).toMatch(/node's options/);
		const allowed = await send('sendFaxMail', NUMBERS.ok2, {
			credentialList: '+1212555*',
			option: NUMBERS.ok2,
		});
		expect(allowed.nodeError).toBeUndefined();
		expect(env.sim.faxes()).toHaveLength(1);
	});

	it('never widens: a broad option does not let through what the credential refuses', async () => {
		const result = await send('faxRocks', NUMBERS.ok, {
			credentialList: NUMBERS.ok2,
			option: '+1*',
		});
		expect(result.nodeError?.message).toMatch(/credential/);
		expect(sends('faxRocks')).toBe(0);
	});

	it('the option alone limits a credential without a list', async () => {
		const result = await send('faxRocks', NUMBERS.ok, { option: NUMBERS.ok2 });
		expect(result.nodeError?.message).toMatch(/not in the Allowed Fax Numbers/);
		expect(sends('faxRocks')).toBe(0);
	});

	it('a batch with one number outside the list sends nothing', async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'sendBatch',
			parameters: { toNumbers: `${NUMBERS.ok}, +13125550150` },
			credentials: { extra: { allowedRecipients: '+1212555*' } },
		});
		expect(result.nodeError?.message).toMatch(/0150 is not in the Allowed Fax Numbers/);
		expect(sends('sendFaxMail')).toBe(0);
	});

	it('an unreadable entry refuses every send (fail closed) and names only the line', async () => {
		const result = await send('faxRocks', NUMBERS.ok, {
			credentialList: `${NUMBERS.ok}\nDr Smith office`,
		});
		expect(result.nodeError?.message).toMatch(/line 2 is not a fax number or prefix/);
		expect(errorTexts(result).join(' ')).not.toContain('Smith');
		expect(sends('faxRocks')).toBe(0);
	});
});

describe('the Fax node as an AI agent tool (n8n-nodes-fax.faxTool)', () => {
	it('refuses Send without an allow-list and tells the builder how to set one', async () => {
		const result = await send('sendFaxMail', NUMBERS.ok, { type: FAX_TOOL });
		expect(result.nodeError?.message).toMatch(/runs as an AI agent tool/);
		expect(String(result.nodeError?.description)).toMatch(/Allowed Fax Numbers/);
		expect(sends('sendFaxMail')).toBe(0);
	});

	it('refuses Schedule without an allow-list', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'schedule',
			type: FAX_TOOL,
			parameters: {
				toNumbers: NUMBERS.ok,
				scheduledAt: new Date(Date.now() + 86400_000).toISOString(),
			},
		});
		expect(result.nodeError?.message).toMatch(/runs as an AI agent tool/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(0);
	});

	it('an option filled by the AI ($fromAI) does not count as an allow-list', async () => {
		const result = await send('sendFaxMail', NUMBERS.ok, {
			type: FAX_TOOL,
			option: "={{ $fromAI('allowed', 'numbers', 'string') || '+12125550123' }}",
		});
		expect(result.nodeError?.message).toMatch(/\$fromAI/);
		expect(sends('sendFaxMail')).toBe(0);
	});

	it('sends when the credential has an allow-list, and only to its numbers', async () => {
		const ok = await send('sendFaxMail', NUMBERS.ok, {
			type: FAX_TOOL,
			credentialList: NUMBERS.ok,
		});
		expect(ok.nodeError).toBeUndefined();
		const refused = await send('sendFaxMail', NUMBERS.ok2, {
			type: FAX_TOOL,
			credentialList: NUMBERS.ok,
		});
		expect(refused.nodeError?.message).toMatch(/0124 is not in the Allowed Fax Numbers/);
		expect(env.sim.faxes()).toHaveLength(1);
	});

	it('Check, Get Status and List work as usual; Check says a send would be refused', async () => {
		const checked = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'check',
			type: FAX_TOOL,
			parameters: { checkOperation: 'send', toNumber: NUMBERS.ok },
		});
		expect(checked.nodeError).toBeUndefined();
		const [json] = jsonOf(checked.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.join(' ')).toMatch(/AI agent tool/);

		const sent = await send('sendFaxMail', NUMBERS.ok);
		const id = sent.items[0].json.id as string;
		const status = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'getStatus',
			type: FAX_TOOL,
			parameters: { faxId: id },
		});
		expect(status.nodeError).toBeUndefined();
		expect(status.items[0].json.id).toBe(id);
		const list = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'list',
			type: FAX_TOOL,
			parameters: { returnAll: false, limit: 5 },
		});
		expect(list.nodeError).toBeUndefined();
		expect(list.items.map((item) => item.json.id)).toContain(id);
	});
});
