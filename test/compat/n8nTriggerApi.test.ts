/**
 * What newer n8n offers triggers, read from the pinned n8n-workflow type declarations, so the
 * README's account of it (why neither trigger passes a `deduplicationKey`, that the Fax Trigger
 * uses `getPollBudgetMs` where it exists) fails here the day n8n changes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

import { PACKAGE_DIR, SUPPORTED_N8N_WORKFLOW } from './n8nWorkflowVersions';

/** Members (name → parameter names, or [] for properties) of each interface in interfaces.d.ts. */
function interfaces(module: string): Map<string, Map<string, string[]>> {
	const file = path.join(PACKAGE_DIR, 'node_modules', module, 'dist', 'cjs', 'interfaces.d.ts');
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
	const found = new Map<string, Map<string, string[]>>();
	source.forEachChild((node) => {
		if (!ts.isInterfaceDeclaration(node)) return;
		const members = new Map<string, string[]>();
		for (const member of node.members) {
			if (!member.name || !ts.isIdentifier(member.name)) continue;
			const params =
				ts.isMethodSignature(member) ||
				(ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type))
					? (ts.isMethodSignature(member) ? member : (member.type as ts.FunctionTypeNode)).parameters.map(
							(param) => param.name.getText(source),
						)
					: [];
			members.set(member.name.text, params);
		}
		found.set(node.name.text, members);
	});
	return found;
}

const [floor, newest] = SUPPORTED_N8N_WORKFLOW.map((pinned) => interfaces(pinned.module));

test("n8n's deduplicationKey exists only on trigger() nodes' emit: not for webhook nodes (SendFAXMail Trigger) nor poll nodes (Fax Trigger)", () => {
	expect(newest.get('ITriggerFunctions')?.get('emit')).toContain('deduplicationKey');
	expect(floor.get('ITriggerFunctions')?.get('emit')).not.toContain('deduplicationKey');
	// A webhook node answers with IWebhookResponseData; a poll node emits through __emit.
	expect([...(newest.get('IWebhookResponseData')?.keys() ?? [])]).not.toContain('deduplicationKey');
	expect(newest.get('IWebhookFunctions')?.has('emit')).toBe(false);
	expect(newest.get('IPollFunctions')?.get('__emit')).not.toContain('deduplicationKey');
});

test('getPollBudgetMs is new in the newest pinned n8n-workflow (so the Fax Trigger feature-detects it)', () => {
	expect(newest.get('IPollFunctions')?.has('getPollBudgetMs')).toBe(true);
	expect(floor.get('IPollFunctions')?.has('getPollBudgetMs')).toBe(false);
});
