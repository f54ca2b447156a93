import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PartnerProfile } from './partner-profile.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * The partner-country profiles, found at start: every folder under
 * src/partners holding a profile module. Adding a country is adding a folder.
 */
export class PartnerRegistry {
  private constructor(private readonly profiles: Map<string, PartnerProfile>) {}

  static async load(directory = HERE): Promise<PartnerRegistry> {
    const profiles = new Map<string, PartnerProfile>();
    const folders = readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    for (const folder of folders) {
      const file = join(directory, folder.name, `profile${EXTENSION}`);
      if (!existsSync(file)) continue;
      const { profile } = (await import(pathToFileURL(file).href)) as { profile?: PartnerProfile };
      if (!profile || profile.country !== folder.name.toUpperCase()) {
        throw new Error(`src/partners/${folder.name}/profile must export a profile whose country is ${folder.name.toUpperCase()}`);
      }
      profiles.set(profile.country, profile);
    }
    return new PartnerRegistry(profiles);
  }

  all(): PartnerProfile[] {
    return [...this.profiles.values()].sort((a, b) => a.country.localeCompare(b.country));
  }

  get(country: string): PartnerProfile | undefined {
    return this.profiles.get(country.toUpperCase());
  }
}
