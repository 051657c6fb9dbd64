/**
 * Jest transform for ES-module-only dependencies (any-ascii): jest's module registry needs
 * CommonJS. Node itself (>= 20.19) and the esbuild bundle load them as they are.
 */
const ts = require('typescript');

module.exports = {
	process(source, fileName) {
		const { outputText } = ts.transpileModule(source, {
			fileName,
			compilerOptions: {
				allowJs: true,
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
			},
		});
		return { code: outputText };
	},
};
