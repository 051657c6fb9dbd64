import type {
	ICredentialType,
	ICredentialTypes,
	IDataObject,
	INodeProperties,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { ApplicationError, NodeHelpers } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

/** `INodeTypes` over a map keyed by full type name (`<package>.<description.name>`). */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, AnyNodeType>();

	constructor(entries: Record<string, AnyNodeType> = {}) {
		for (const [name, type] of Object.entries(entries)) this.add(name, type);
	}

	add(typeName: string, type: AnyNodeType): void {
		this.types.set(typeName, type);
	}

	has(typeName: string): boolean {
		return this.types.has(typeName);
	}

	names(): string[] {
		return [...this.types.keys()];
	}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types.get(nodeType);
		if (!type) {
			throw new ApplicationError(
				`Unrecognized node type: ${nodeType} (known: ${this.names().join(', ') || 'none'})`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}

/** Mirrors the cli's `CredentialTypes` service (name → type, parent types, supported nodes). */
export class HarnessCredentialTypes implements ICredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	private readonly supportedNodes = new Map<string, string[]>();

	constructor(types: ICredentialType[] = []) {
		for (const type of types) this.add(type);
	}

	add(type: ICredentialType, supportedNodes: string[] = []): void {
		this.types.set(type.name, type);
		const existing = this.supportedNodes.get(type.name) ?? [];
		this.supportedNodes.set(type.name, [...new Set([...existing, ...supportedNodes])]);
	}

	addSupportedNode(credentialType: string, nodeType: string): void {
		const existing = this.supportedNodes.get(credentialType) ?? [];
		if (!existing.includes(nodeType)) existing.push(nodeType);
		this.supportedNodes.set(credentialType, existing);
	}

	names(): string[] {
		return [...this.types.keys()];
	}

	recognizes(credentialType: string): boolean {
		return this.types.has(credentialType);
	}

	getByName(credentialType: string): ICredentialType {
		const type = this.types.get(credentialType);
		if (!type) {
			throw new ApplicationError(
				`Unrecognized credential type: ${credentialType} (known: ${this.names().join(', ') || 'none'})`,
			);
		}
		return type;
	}

	getSupportedNodes(type: string): string[] {
		return this.supportedNodes.get(type) ?? [];
	}

	getParentTypes(typeName: string): string[] {
		const extendsArr = this.types.get(typeName)?.extends ?? [];
		return extendsArr.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	/** Same as the cli's `CredentialsHelper.getCredentialsProperties` (parents merged first). */
	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getByName(type);
		if (credentialType.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialType.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialType.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			// Parent types of community credentials (oAuth2Api, ...) are not registered here.
			if (!this.recognizes(parent)) continue;
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}
}
