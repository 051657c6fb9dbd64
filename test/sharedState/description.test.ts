/** The public contract of Shared State on the three nodes (names existing workflows rely on). */
import type { INodeTypeDescription } from 'n8n-workflow';

import { createHarness, type Harness } from '../harness';
import { PACKAGE_DIR } from '../fax/helpers';

const NODES = ['n8n-nodes-fax.fax', 'n8n-nodes-fax.faxTrigger', 'n8n-nodes-fax.sendFaxMailTrigger'];

let harness: Harness;
beforeAll(async () => {
	harness = await createHarness({ packageDir: PACKAGE_DIR });
});
afterAll(async () => await harness.close());

describe.each(NODES)('%s', (type) => {
	const description = () =>
		harness.package.nodeTypes.getByNameAndVersion(type, 1).description as INodeTypeDescription;

	it('has the top-level Shared State parameter: none (default) or redis', () => {
		const property = description().properties.find((p) => p.name === 'sharedState');
		expect(property).toMatchObject({
			displayName: 'Shared State',
			type: 'options',
			default: 'none',
		});
		expect(property?.displayOptions).toBeUndefined();
		expect(property?.options).toEqual([
			expect.objectContaining({ name: 'This n8n process only', value: 'none' }),
			expect.objectContaining({ name: 'Redis (n8n queue mode)', value: 'redis' }),
		]);
	});

	it("asks for n8n's built-in redis credential only when Shared State is redis", () => {
		const credential = description().credentials?.find((c) => c.name === 'redis');
		expect(credential).toEqual({
			name: 'redis',
			required: true,
			displayOptions: { show: { sharedState: ['redis'] } },
		});
	});
});
