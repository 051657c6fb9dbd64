/**
 * The node's UI helps a no-code user: usable as an AI tool, a subtitle, and every visible
 * field explained (a description, or a dropdown/switch whose choices explain themselves).
 */
import path from 'node:path';

import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { PACKAGE_DIR } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Fax } = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/Fax.node.js')) as {
	Fax: new () => { description: INodeTypeDescription };
};

const description = new Fax().description;

function isOption(
	value: INodePropertyOptions | INodeProperties | INodePropertyCollection,
): value is INodePropertyOptions {
	return 'value' in value;
}

/** Names of visible fields that explain nothing, walking into collections. */
function unexplained(properties: INodeProperties[], prefix = ''): string[] {
	const problems: string[] = [];
	for (const property of properties) {
		const name = `${prefix}${property.name}`;
		if (property.type === 'hidden' || property.type === 'notice') continue;
		const text = (property.description ?? '').trim();
		if (property.type === 'options' || property.type === 'multiOptions') {
			const options = (property.options ?? []).filter(isOption);
			// A dropdown explains itself when each choice has a name, and a description unless
			// the field has one or the names are self-explanatory values like "A4".
			if (options.length === 0 || options.some((option) => !String(option.name).trim()))
				problems.push(name);
			if (!text && options.some((option) => !(option.description ?? '').trim()))
				problems.push(name);
			continue;
		}
		if (property.type === 'boolean') {
			if (!text && !/\w+ \w+/.test(property.displayName)) problems.push(name);
			continue;
		}
		if (property.type === 'collection' || property.type === 'fixedCollection') {
			problems.push(...unexplained((property.options ?? []) as INodeProperties[], `${name}.`));
			continue;
		}
		if (!text) problems.push(name);
	}
	return problems;
}

describe('Fax node description', () => {
	it('can be used as an AI tool', () => {
		expect(description.usableAsTool).toBe(true);
	});

	it('has a subtitle showing the operation and resource', () => {
		expect(description.subtitle).toEqual(expect.stringContaining('$parameter["operation"]'));
		expect(description.subtitle).toEqual(expect.stringContaining('$parameter["resource"]'));
	});

	it('explains every visible field', () => {
		expect(description.properties.length).toBeGreaterThan(10);
		expect(unexplained(description.properties)).toEqual([]);
	});

	it('describes every resource and operation choice', () => {
		const dropdowns = description.properties.filter((property) =>
			['resource', 'operation'].includes(property.name),
		);
		expect(dropdowns.length).toBeGreaterThan(3);
		for (const dropdown of dropdowns) {
			for (const option of (dropdown.options ?? []).filter(isOption)) {
				expect([dropdown.name, option.value, (option.description ?? '').length > 0]).toEqual([
					dropdown.name,
					option.value,
					true,
				]);
			}
		}
	});
});
