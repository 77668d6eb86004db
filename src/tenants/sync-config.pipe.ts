// Validates a configuration body with checkSyncConfig so that every problem is answered at once (SPEC §4).
import { Injectable, PipeTransform } from '@nestjs/common';
import { checkSyncConfig } from '../../libs/values';
import { AppError } from '../common/app-error';
import type { ConfigChange } from './tenants.service';

/** Read-only fields of GET .../config that a client may send back unchanged; `version` guards the change. */
const READ_ONLY = ['updatedAt', 'updatedBy'];

@Injectable()
export class SyncConfigPipe implements PipeTransform<unknown, ConfigChange> {
  transform(body: unknown): ConfigChange {
    let basedOnVersion: number | undefined;
    let input = body;
    const problems: { path: string; message: string }[] = [];
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const { version, ...rest } = body as Record<string, unknown>;
      for (const key of READ_ONLY) delete rest[key];
      if (version !== undefined && version !== null) {
        if (Number.isSafeInteger(version) && (version as number) >= 0) basedOnVersion = version as number;
        else
          problems.push({
            path: 'version',
            message: 'must be the whole number of the version the change is based on',
          });
      }
      input = rest;
    }
    const check = checkSyncConfig(input);
    if (!check.ok) problems.push(...check.problems);
    if (!check.ok || problems.length > 0) {
      const count = problems.length;
      throw new AppError(
        'INVALID_CONFIG',
        `The configuration has ${count} problem${count === 1 ? '' : 's'}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        { problems },
      );
    }
    return { config: check.config, basedOnVersion };
  }
}
