/**
 * Every name the shipped JavaScript takes from `n8n-workflow`, read from the built files with
 * TypeScript's parser (it parses plain JavaScript): what tsc emits
 * (`const n8n_workflow_1 = require("n8n-workflow")` … `n8n_workflow_1.NodeOperationError`),
 * what esbuild emits (`var import_n8n_workflow = require("n8n-workflow")` …
 * `(0, import_n8n_workflow.sleep)(…)`, also assigned later in lazily initialised modules),
 * destructuring, `require("n8n-workflow").X`, interop
 * wrappers (`__importStar(require(…))`) and ES `import`s. A binding used any other way (passed
 * along, indexed by a computed key) is reported as opaque: the names it reaches can't be listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MODULE = 'n8n-workflow';

export interface WorkflowImports {
	/** name → the files (relative to the root given) that use it */
	names: Map<string, Set<string>>;
	/** "file: code" of each use that does not name what it takes */
	opaque: string[];
}

export function listJsFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listJsFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

function isWorkflowRequire(node: ts.Node): boolean {
	return (
		ts.isCallExpression(node) &&
		ts.isIdentifier(node.expression) &&
		node.expression.text === 'require' &&
		node.arguments.length === 1 &&
		ts.isStringLiteralLike(node.arguments[0]) &&
		node.arguments[0].text === MODULE
	);
}

/** `require("n8n-workflow")`, possibly inside interop helpers: `__importStar(require(…))`. */
function requiresWorkflow(node: ts.Expression): boolean {
	let current: ts.Expression = node;
	while (ts.isParenthesizedExpression(current)) current = current.expression;
	if (isWorkflowRequire(current)) return true;
	return (
		ts.isCallExpression(current) &&
		ts.isIdentifier(current.expression) &&
		/^__(importStar|importDefault|toESM|toCommonJS)$/.test(current.expression.text) &&
		current.arguments.length >= 1 &&
		requiresWorkflow(current.arguments[0])
	);
}

function propertyName(name: ts.PropertyName | ts.BindingName): string | undefined {
	if (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) return name.text;
	return undefined;
}

export function collectWorkflowImports(files: string[], root: string): WorkflowImports {
	const names = new Map<string, Set<string>>();
	const opaque: string[] = [];

	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		if (!text.includes(MODULE)) continue;
		const relative = path.relative(root, file).split(path.sep).join('/');
		const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
		const add = (name: string) => {
			if (!names.has(name)) names.set(name, new Set());
			names.get(name)!.add(relative);
		};
		const unknown = (node: ts.Node) =>
			opaque.push(`${relative}: ${node.getText(source).slice(0, 120)}`);
		const bindings = new Set<string>();

		// First pass: the identifiers bound to the module object, and destructured names.
		const findBindings = (node: ts.Node): void => {
			if (
				ts.isVariableDeclaration(node) &&
				node.initializer &&
				requiresWorkflow(node.initializer)
			) {
				if (ts.isIdentifier(node.name)) bindings.add(node.name.text);
				else if (ts.isObjectBindingPattern(node.name)) {
					for (const element of node.name.elements) {
						const name = propertyName(element.propertyName ?? element.name);
						if (name === undefined || element.dotDotDotToken) unknown(element);
						else add(name);
					}
				} else unknown(node);
			} else if (
				ts.isBinaryExpression(node) &&
				node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
				ts.isIdentifier(node.left) &&
				requiresWorkflow(node.right)
			) {
				// esbuild's lazily initialised modules: `var import_x;` … `import_x = require("x")`
				bindings.add(node.left.text);
			} else if (
				ts.isImportDeclaration(node) &&
				ts.isStringLiteral(node.moduleSpecifier) &&
				node.moduleSpecifier.text === MODULE
			) {
				const clause = node.importClause;
				if (clause?.isTypeOnly) return;
				if (clause?.name) bindings.add(clause.name.text);
				const named = clause?.namedBindings;
				if (named && ts.isNamespaceImport(named)) bindings.add(named.name.text);
				else if (named)
					for (const element of named.elements)
						if (!element.isTypeOnly) add((element.propertyName ?? element.name).text);
			}
			ts.forEachChild(node, findBindings);
		};
		findBindings(source);

		// Second pass: every use of the module object (or of a bare require) must name a property.
		const findUses = (node: ts.Node): void => {
			const isModuleObject =
				(ts.isIdentifier(node) && bindings.has(node.text)) ||
				(ts.isCallExpression(node) && requiresWorkflow(node));
			if (isModuleObject) {
				const parent = node.parent;
				if (ts.isPropertyAccessExpression(parent) && parent.expression === node)
					add(parent.name.text);
				else if (
					ts.isElementAccessExpression(parent) &&
					parent.expression === node &&
					ts.isStringLiteralLike(parent.argumentExpression)
				)
					add(parent.argumentExpression.text);
				else if (ts.isVariableDeclaration(parent) && parent.name === node) {
					// the declaration itself
				} else if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
					// handled in the first pass
				} else if (
					ts.isBinaryExpression(parent) &&
					parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
				) {
					// `import_x = require("x")`: handled in the first pass
				} else if (
					ts.isCallExpression(parent) &&
					/^__(importStar|importDefault|toESM|toCommonJS)$/.test(parent.expression.getText(source))
				) {
					// wrapped; the wrapper's binding is tracked
				} else if (ts.isImportClause(parent) || ts.isNamespaceImport(parent)) {
					// the import itself
				} else unknown(parent);
			}
			ts.forEachChild(node, findUses);
		};
		findUses(source);
	}
	return { names, opaque };
}
