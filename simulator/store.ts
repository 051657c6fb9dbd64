import type { FaxRecord, Provider } from './lifecycle';

/**
 * All faxes, by id and by owner. Owner lists are sorted lazily (newest first by creation
 * time, then by creation order), so seeding 10 000 faxes stays cheap.
 */
export class FaxStore {
	private readonly byId = new Map<string, FaxRecord>();
	private readonly byOwner = new Map<string, FaxRecord[]>();
	private readonly unsorted = new Set<string>();
	private ordered: FaxRecord[] = [];
	private seq = 0;

	nextSeq(): number {
		return ++this.seq;
	}

	has(id: string): boolean {
		return this.byId.has(id);
	}

	add(record: FaxRecord): void {
		if (this.byId.has(record.id)) throw new Error(`duplicate fax id ${record.id}`);
		this.byId.set(record.id, record);
		this.ordered.push(record);
		const owner = ownerKey(record.provider, record.account);
		const list = this.byOwner.get(owner);
		if (list) list.push(record);
		else this.byOwner.set(owner, [record]);
		this.unsorted.add(owner);
	}

	get(id: string): FaxRecord | undefined {
		return this.byId.get(id);
	}

	/** The owner's faxes, newest first. Do not mutate. */
	listFor(provider: Provider, account: string): readonly FaxRecord[] {
		const owner = ownerKey(provider, account);
		const list = this.byOwner.get(owner) ?? [];
		if (this.unsorted.has(owner)) {
			list.sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
			this.unsorted.delete(owner);
		}
		return list;
	}

	/** Every fax in creation order. */
	all(provider?: Provider): FaxRecord[] {
		return provider
			? this.ordered.filter((record) => record.provider === provider)
			: [...this.ordered];
	}

	clear(): void {
		this.byId.clear();
		this.byOwner.clear();
		this.unsorted.clear();
		this.ordered = [];
		this.seq = 0;
	}
}

function ownerKey(provider: Provider, account: string): string {
	return `${provider}|${account}`;
}
