import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType } from 'n8n-workflow';

import { registerLogger } from './environment';
import { HarnessCredentialTypes, HarnessNodeTypes, type AnyNodeType } from './types-registry';

export interface LoadedPackage {
	/** `name` from package.json, the prefix of every node type name. */
	packageName: string;
	/** Node types keyed `<packageName>.<description.name>` (e.g. `n8n-nodes-fax.fax`). */
	nodeTypes: HarnessNodeTypes;
	/** Credential types keyed by their `name` (e.g. `faxRocksApi`). */
	credentialTypes: HarnessCredentialTypes;
}

export interface LoadPackageOptions {
	/** Extra in-process node types, keyed by full type name (e.g. `fixtures.echo`). */
	nodes?: Record<string, AnyNodeType>;
	/** Extra in-process credential types (keyed by their `name`). */
	credentials?: ICredentialType[];
}

/**
 * Loads a community package the way n8n does: n8n-core's `PackageDirectoryLoader` reads
 * `package.json`'s `n8n.nodes` / `n8n.credentials` (built `dist/...js` files), `require`s each
 * class (named after the file), and post-processes it exactly as at n8n startup (polling nodes
 * get the `pollTimes` parameter, declarative nodes the request options, icon paths, ...).
 * Node types are then registered as `<packageName>.<description.name>`, like the cli does.
 */
export async function loadPackage(
	packageDir: string | undefined,
	options: LoadPackageOptions = {},
): Promise<LoadedPackage> {
	// The loader resolves `Logger` from the DI container in its constructor.
	registerLogger();

	const nodeTypes = new HarnessNodeTypes();
	const credentialTypes = new HarnessCredentialTypes();
	let packageName = '';

	if (packageDir !== undefined) {
		const loader = new PackageDirectoryLoader(packageDir);
		await loader.loadAll();
		packageName = loader.packageName;
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			nodeTypes.add(`${packageName}.${name}`, type);
		}
		for (const { type } of Object.values(loader.credentialTypes)) {
			credentialTypes.add(type);
		}
		for (const [credentialName, nodeNames] of Object.entries(loader.nodesByCredential)) {
			for (const nodeName of nodeNames) {
				credentialTypes.addSupportedNode(credentialName, `${packageName}.${nodeName}`);
			}
		}
	}

	for (const [typeName, type] of Object.entries(options.nodes ?? {})) {
		nodeTypes.add(typeName, type);
	}
	for (const type of options.credentials ?? []) credentialTypes.add(type);
	for (const [typeName, type] of Object.entries(options.nodes ?? {})) {
		const descriptions =
			'nodeVersions' in type
				? Object.values(type.nodeVersions).map((v) => v.description)
				: [type.description];
		for (const description of descriptions) {
			for (const credential of description.credentials ?? []) {
				credentialTypes.addSupportedNode(credential.name, typeName);
			}
		}
	}

	return { packageName, nodeTypes, credentialTypes };
}
