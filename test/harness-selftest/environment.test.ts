import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { BinaryDataService, InstanceSettings } from 'n8n-core';
import type { IExecuteFunctions, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { Container } from '../harness/core-internals';
import { createHarness, type Harness } from '../harness';

const requiredParamNode: INodeType = {
	description: {
		displayName: 'Needs Param',
		name: 'needsParam',
		group: ['transform'],
		version: 1,
		description: 'Has a required parameter',
		defaults: { name: 'Needs Param' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Fax Number', name: 'faxNumber', type: 'string', required: true, default: '' },
		],
	},
	async execute(this: IExecuteFunctions) {
		return [[{ json: { faxNumber: this.getNodeParameter('faxNumber', 0) as string } }]];
	},
};

describe('harness: n8n-core environment', () => {
	let harness: Harness;

	beforeAll(async () => {
		harness = await createHarness({ nodes: { 'fixtures.needsParam': requiredParamNode } });
	});

	afterAll(async () => {
		await harness.close();
	});

	it("registers the services in n8n-core's own (nested) DI container", () => {
		expect(Container.get(BinaryDataService)).toBe(harness.env.binaryDataService);
		const settings = Container.get(InstanceSettings);
		expect(settings).toBe(harness.env.instanceSettings);
		expect(settings.n8nFolder.startsWith(harness.env.rootDir)).toBe(true);
		const config = JSON.parse(readFileSync(path.join(harness.env.n8nFolder, 'config'), 'utf8')) as {
			encryptionKey: string;
		};
		expect(config.encryptionKey).toBe(settings.encryptionKey);
		expect(existsSync(harness.env.binaryDataDir)).toBe(true);
	});

	it('reports parameter issues like n8n refuses to run the workflow', async () => {
		await expect(harness.runNode({ type: 'fixtures.needsParam' })).rejects.toThrow(
			/The workflow has issues: .*"Needs Param".*faxNumber/,
		);
		const ok = await harness.runNode({
			type: 'fixtures.needsParam',
			parameters: { faxNumber: '+1' },
		});
		expect(ok.items[0].json).toEqual({ faxNumber: '+1' });
	});

	it('refuses unknown node types with the list of known ones', async () => {
		await expect(harness.runNode({ type: 'n8n-nodes-fax.nope' })).rejects.toThrow(
			/Unrecognized node type: n8n-nodes-fax\.nope \(known: .*fixtures\.needsParam/,
		);
	});
});
