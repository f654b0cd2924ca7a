import type { CommandModule } from 'yargs';

interface DemoArgs {
  dir?: string;
  users: number;
  items: number;
  seed: number;
  quiet: boolean;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  builder: (y) =>
    y
      .option('dir', { type: 'string', describe: 'Folder for the demo (default: a new temp folder)' })
      .option('users', { type: 'number', default: 1500, describe: 'Synthetic users' })
      .option('items', { type: 'number', default: 800, describe: 'Synthetic items' })
      .option('seed', { type: 'number', default: 7, describe: 'Seed of the generator' }) as never,
  handler: async (a) => {
    const { runDemo } = await import('../demo.js');
    const result = await runDemo({
      dir: a.dir,
      synthetic: { users: a.users, items: a.items, seed: a.seed },
      quiet: a.quiet,
    });
    process.stdout.write(`demo finished: ${result.dir}\n`);
  },
};
