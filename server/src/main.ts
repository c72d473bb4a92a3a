import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, redact } from './config/config';
import { StoreUnavailableError } from './store/event-store.port';
import { openStore } from './store/open-store';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.eventStoreUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, store), {
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.listen(config.port);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}/`;
  console.log(`Battlemap is serving ${url} (store: ${store.kind}, ${redact(config.eventStoreUrl)})`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreUnavailableError) {
    console.error(`battlemap: cannot start: ${error.message}`);
  } else {
    console.error('battlemap: cannot start:', error);
  }
  process.exit(1);
});
