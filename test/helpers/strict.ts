import { afterEach, beforeEach, vi } from 'vitest';

/** Runs `fn` with PATCH_ORDER_STRICT set to `value` (the suite runs with '1'), restoring it after. */
export function withStrict<T>(value: '0' | '1', fn: () => T): T {
  const saved = process.env.PATCH_ORDER_STRICT;
  process.env.PATCH_ORDER_STRICT = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.PATCH_ORDER_STRICT;
    else process.env.PATCH_ORDER_STRICT = saved;
  }
}

/**
 * For tests that change PATCH_ORDER_STRICT and spy on the analysis: restores both after each test of the
 * enclosing `describe`.
 */
export function restoreStrictAndMocksAfterEach(): void {
  let strict: string | undefined;
  beforeEach(() => {
    strict = process.env.PATCH_ORDER_STRICT;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (strict === undefined) delete process.env.PATCH_ORDER_STRICT;
    else process.env.PATCH_ORDER_STRICT = strict;
  });
}

