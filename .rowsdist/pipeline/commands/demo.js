import { runDemo } from '../demo.js';
export const demoCommand = {
    command: 'demo',
    describe: 'Run every stage end to end on generated data with planted communities',
    builder: (y) => y
        .option('dir', { type: 'string', describe: 'Folder for the demo (default: a new temp folder)' })
        .option('users', { type: 'number', default: 1500, describe: 'Synthetic users' })
        .option('items', { type: 'number', default: 800, describe: 'Synthetic items' })
        .option('seed', { type: 'number', default: 7, describe: 'Seed of the generator' }),
    handler: async (a) => {
        const result = await runDemo({ dir: a.dir, synthetic: { users: a.users, items: a.items, seed: a.seed }, quiet: a.quiet });
        process.stdout.write(`demo finished: ${result.dir}\n`);
    },
};
//# sourceMappingURL=demo.js.map