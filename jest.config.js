/** Jest projects: one per suite, so each has its own npm script (see package.json). */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const common = {
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'on' },
  moduleNameMapper: { '^@battlemap/events$': '<rootDir>/events/src/index.ts' },
  rootDir: __dirname,
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{events,server,seeds}/src/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', 'conformance'] },
    { ...common, displayName: 'store', testMatch: ['<rootDir>/server/src/**/*.conformance.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.ts'], testTimeout: 60_000 },
  ],
};
