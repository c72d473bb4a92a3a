/** Jest projects: one per suite, so each has its own npm script (see package.json). */
// Transpile only (no type check here: `npm run typecheck` does that once, for the whole tree).
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.jest.json' }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@battlemap/events$': '<rootDir>/events/src/index.ts',
    '^@battlemap/seeds$': '<rootDir>/seeds/src/index.ts',
  },
  rootDir: __dirname,
};
module.exports = {
  // End-to-end suites start real servers; units finish far sooner.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{events,server,seeds}/src/**/*.spec.ts', '<rootDir>/web/src/lib/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', 'conformance'],
    },
    { ...common, displayName: 'store', testMatch: ['<rootDir>/server/src/**/*.conformance.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/**/*.browser.ts'] },
  ],
};
