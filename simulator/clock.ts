/**
 * The simulator's virtual clock:
 * `now = start + realElapsed × speed + manualOffset`.
 * Speed 0 freezes it (tests advance it by hand); changing the speed re-bases it so the
 * virtual time never jumps.
 */
export interface ClockSnapshot {
	/** Virtual time, ISO 8601 UTC. */
	now: string;
	nowMs: number;
	speed: number;
	/** Real wall-clock time, ISO 8601 UTC. */
	realNow: string;
}

export class VirtualClock {
	private baseVirtualMs: number;
	private baseRealMs: number;
	private speedValue: number;
	private manualOffsetMs = 0;

	constructor(
		options: { startMs?: number; speed?: number } = {},
		private readonly realNow: () => number = Date.now,
	) {
		this.baseRealMs = this.realNow();
		this.baseVirtualMs = options.startMs ?? this.baseRealMs;
		this.speedValue = options.speed ?? 1;
		assertSpeed(this.speedValue);
	}

	/** Virtual now, epoch milliseconds. */
	now(): number {
		return (
			this.baseVirtualMs +
			(this.realNow() - this.baseRealMs) * this.speedValue +
			this.manualOffsetMs
		);
	}

	get speed(): number {
		return this.speedValue;
	}

	setSpeed(speed: number): void {
		assertSpeed(speed);
		const virtualNow = this.now();
		this.baseVirtualMs = virtualNow;
		this.baseRealMs = this.realNow();
		this.manualOffsetMs = 0;
		this.speedValue = speed;
	}

	advance(seconds: number): void {
		if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
			throw new RangeError('seconds must be a finite number >= 0');
		}
		this.manualOffsetMs += seconds * 1000;
	}

	/** Restart at `startMs` (default: the real now), keeping the speed. */
	reset(startMs?: number): void {
		this.baseRealMs = this.realNow();
		this.baseVirtualMs = startMs ?? this.baseRealMs;
		this.manualOffsetMs = 0;
	}

	/**
	 * How long a client has to wait, in real milliseconds, until the virtual clock reaches
	 * `virtualTargetMs`. With speed 0 the clock only moves when advanced, so the virtual
	 * duration is returned.
	 */
	realMsUntil(virtualTargetMs: number): number {
		const virtualMs = Math.max(0, virtualTargetMs - this.now());
		return this.speedValue === 0 ? virtualMs : virtualMs / this.speedValue;
	}

	/**
	 * The real unix time (seconds) at which the virtual clock reaches `virtualTargetMs`.
	 * With speed 0 this is the virtual unix time.
	 */
	realUnixSecondsAt(virtualTargetMs: number): number {
		if (this.speedValue === 0) return Math.ceil(virtualTargetMs / 1000);
		return Math.ceil((this.realNow() + this.realMsUntil(virtualTargetMs)) / 1000);
	}

	snapshot(): ClockSnapshot {
		const nowMs = this.now();
		return {
			now: new Date(nowMs).toISOString(),
			nowMs,
			speed: this.speedValue,
			realNow: new Date(this.realNow()).toISOString(),
		};
	}
}

function assertSpeed(speed: number): void {
	if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0) {
		throw new RangeError('speed must be a finite number >= 0');
	}
}
