import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	BinaryDataConfig,
	BinaryDataService,
	ErrorReporter,
	ExternalSecretsProxy,
	InstanceSettings,
} from 'n8n-core';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { LoggerProxy } from 'n8n-workflow';

import { Container, LoggerToken } from './core-internals';
import { HarnessLogger } from './logger';

/**
 * The process-wide services n8n-core resolves through its DI container, set up the way an n8n
 * instance sets them up (minus database, license, Sentry): instance settings with an encryption
 * key in a temp n8n folder, and the binary data service in `filesystem` mode writing into a temp
 * directory.
 */
export interface HarnessEnvironment {
	/** Temp root; everything below is deleted when the last harness closes. */
	rootDir: string;
	/** `N8N_USER_FOLDER/.n8n` equivalent (holds the generated `config` with the encryption key). */
	n8nFolder: string;
	/** Where the filesystem binary data manager stores files (`N8N_BINARY_DATA_STORAGE_PATH`). */
	binaryDataDir: string;
	logger: HarnessLogger;
	instanceSettings: InstanceSettings;
	binaryDataService: BinaryDataService;
	externalSecretsProxy: ExternalSecretsProxy;
}

// One logger for the whole process: services cached in the container (ErrorReporter, ...)
// keep a reference to it across environment re-creation.
const logger = new HarnessLogger();

let current: Promise<HarnessEnvironment> | undefined;
let refCount = 0;

async function createEnvironment(): Promise<HarnessEnvironment> {
	const rootDir = await mkdtemp(path.join(tmpdir(), 'n8n-harness-'));
	const n8nFolder = path.join(rootDir, '.n8n');
	const binaryDataDir = path.join(rootDir, 'binaryData');

	registerLogger();

	type SettingsConfig = ConstructorParameters<typeof InstanceSettings>[0];
	type SettingsLogger = ConstructorParameters<typeof InstanceSettings>[1];
	// Like a fresh install without N8N_ENCRYPTION_KEY: a random key, saved to `${n8nFolder}/config`.
	const instanceKey = randomBytes(24).toString('base64');
	const settingsConfig = {
		n8nFolder,
		userHome: rootDir,
		encryptionKey: instanceKey,
		enforceSettingsFilePermissions: false,
	} as SettingsConfig;
	// Writes `${n8nFolder}/config` like a fresh n8n install does.
	const instanceSettings = new InstanceSettings(
		settingsConfig,
		logger as unknown as SettingsLogger,
	);
	Container.set(InstanceSettings, instanceSettings);

	const errorReporter = Container.get(ErrorReporter);

	const binaryDataConfig = {
		availableModes: ['filesystem'],
		mode: 'filesystem',
		localStoragePath: binaryDataDir,
		// BinaryDataConfig's own derivation from the instance key.
		signingSecret: createHash('sha256').update(`url-signing:${instanceKey}`).digest('base64'),
		dbMaxFileSize: 512,
	} as BinaryDataConfig;
	Container.set(BinaryDataConfig, binaryDataConfig);

	type ServiceLogger = ConstructorParameters<typeof BinaryDataService>[2];
	const binaryDataService = new BinaryDataService(
		binaryDataConfig,
		errorReporter,
		logger as unknown as ServiceLogger,
	);
	await binaryDataService.init();
	Container.set(BinaryDataService, binaryDataService);

	const externalSecretsProxy = new ExternalSecretsProxy();
	Container.set(ExternalSecretsProxy, externalSecretsProxy);

	return {
		rootDir,
		n8nFolder,
		binaryDataDir,
		logger,
		instanceSettings,
		binaryDataService,
		externalSecretsProxy,
	};
}

/** Sets up (once per process, reference-counted) the n8n-core services. */
export async function acquireEnvironment(): Promise<HarnessEnvironment> {
	refCount++;
	current ??= createEnvironment();
	try {
		return await current;
	} catch (error) {
		refCount--;
		current = undefined;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- harness setup, not node code
		throw error;
	}
}

/** Releases one reference; the last release deletes the temp directory (binary data included). */
export async function releaseEnvironment(): Promise<void> {
	if (refCount === 0) return;
	refCount--;
	if (refCount > 0 || !current) return;
	const env = await current;
	current = undefined;
	// Every ExecuteContext resolves the SSHClientsManager singleton, whose constructor starts a
	// 60s cleanup interval; PollContext resolves the ScheduledTaskManager (crons). n8n stops
	// both on shutdown — so does the harness, or the process would not exit.
	Container.get(SSHClientsManager).onShutdown();
	Container.get(ScheduledTaskManager).deregisterAllCrons();
	await rm(env.rootDir, { recursive: true, force: true });
}

export function harnessLogger(): HarnessLogger {
	return logger;
}

/** Registers the harness logger as n8n-core's `Logger` (and n8n-workflow's `LoggerProxy`). */
export function registerLogger(): HarnessLogger {
	Container.set(LoggerToken, logger);
	LoggerProxy.init(logger);
	return logger;
}
