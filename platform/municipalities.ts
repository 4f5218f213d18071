/**
 * Loads and validates every municipality profile in the configured folder. Called when the
 * worker and the API start; a bad profile stops start-up naming the file and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MunicipalityProfile } from '../domain/policy';
import { municipalityProfileSchema } from '../domain/schemas/policy';

export class Municipalities {
  private readonly byId = new Map<string, MunicipalityProfile>();
  private readonly byOffice = new Map<string, MunicipalityProfile>();

  constructor(profiles: MunicipalityProfile[]) {
    for (const p of profiles) {
      if (this.byId.has(p.id)) throw new Error(`municipality "${p.id}" is configured twice`);
      this.byId.set(p.id, p);
      for (const o of p.offices) {
        const other = this.byOffice.get(o.id);
        if (other) throw new Error(`office "${o.id}" belongs to both ${other.id} and ${p.id}`);
        this.byOffice.set(o.id, p);
      }
    }
  }

  static load(dir: string): Municipalities {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    if (files.length === 0) throw new Error(`no municipality profiles in ${dir}`);
    return new Municipalities(
      files.map((f) => {
        const file = path.join(dir, f);
        const result = municipalityProfileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        if (!result.success) {
          const fields = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          throw new Error(`invalid municipality profile ${file}: ${fields}`);
        }
        return result.data;
      }),
    );
  }

  all(): MunicipalityProfile[] {
    return [...this.byId.values()];
  }

  get(id: string): MunicipalityProfile | undefined {
    return this.byId.get(id);
  }

  require(id: string): MunicipalityProfile {
    const p = this.byId.get(id);
    if (!p) throw new Error(`unknown municipality "${id}"`);
    return p;
  }

  forOffice(officeId: string): MunicipalityProfile | undefined {
    return this.byOffice.get(officeId);
  }
}
