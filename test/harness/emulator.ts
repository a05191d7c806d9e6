/** Runs a test body against a fresh emulator and always closes it. */
import { startEmulator } from '../emulator/server';
import type { Emulator, EmulatorOptions } from '../emulator/server';

export async function withEmulator<T>(
	options: EmulatorOptions,
	body: (emulator: Emulator) => Promise<T>,
): Promise<T> {
	const emulator = await startEmulator(options);
	try {
		return await body(emulator);
	} finally {
		await emulator.close();
	}
}
