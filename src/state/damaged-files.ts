import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../util/log.js';
import { DAMAGED_MARK, type DamagedState } from './state-file.js';

/**
 * The damaged state files of a STATE_DIR, for /healthz: each one moved aside stays listed under
 * `problems` for as long as its copy is there (whatever was rebuilt may lack what happened since the
 * last good copy, so someone should look); deleting or restoring the copy clears it. Copies left by
 * an earlier run are listed too.
 */
export class DamagedFiles {
  /** How each file moved aside in this run was rebuilt, by the copy's name. */
  private readonly rebuilt = new Map<string, string>();
  private readonly unmovable = new Map<string, string>();

  constructor(
    private readonly stateDir: string,
    private readonly log: Logger,
  ) {}

  /** Records (and logs) a damaged file and how its owner rebuilt it ("rebuilt from the index"). */
  report(damaged: DamagedState, rebuilt: string): void {
    const name = path.relative(this.stateDir, damaged.file);
    if (damaged.setAside) this.rebuilt.set(path.relative(this.stateDir, damaged.setAside), `${damaged.reason}; ${rebuilt}`);
    else this.unmovable.set(path.relative(this.stateDir, damaged.file), `${damaged.reason}; it could not be moved aside; ${rebuilt}`);
    this.log.error(`state file ${name} is damaged; ${rebuilt}`, {
      file: name,
      reason: damaged.reason,
      keptAs: damaged.setAside ? path.basename(damaged.setAside) : null,
    });
  }

  /** One line per damaged file whose copy is still in STATE_DIR (or a folder of it, such as uploads/). */
  problems(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.stateDir, { recursive: true }).map(String);
    } catch {
      names = [];
    }
    const copies = names.filter((n) => path.basename(n).includes(DAMAGED_MARK)).sort();
    return [
      ...copies.map((copy) => {
        const original = copy.slice(0, copy.indexOf(DAMAGED_MARK));
        const how = this.rebuilt.get(copy) ?? 'set aside by an earlier run';
        return `state file ${original} was damaged (${how}); the damaged file is kept as ${copy}: delete it once checked`;
      }),
      ...[...this.unmovable].map(([name, how]) => `state file ${name} is damaged (${how})`),
    ];
  }
}
