import { it } from 'vitest';
import { validateBundleDir } from '../../../src/main/engine/oneroster/validate-bundle';
it('x', () => {
  for (const d of ['v1p2_full_dataset', 'oneroster_test_data', 'Test_full_data_set']) {
    const r = validateBundleDir(`/work/shared/fixtures/oneroster-csv/${d}`);
    console.log(d, r.valid, r.errors, r.warnings, JSON.stringify(r.byCode));
    for (const f of r.findings) if (f.severity === 'error' || d !== 'v1p2_full_dataset') console.log(' ', f.severity, f.code, f.file, f.line, f.column, f.message);
  }
});
