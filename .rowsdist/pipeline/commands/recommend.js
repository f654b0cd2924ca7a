import { recommendItems } from '../recommend.js';
import { openServingModel } from '../serve/model.js';
import { formatHits } from '../similar.js';
export const recommendCommand = {
    command: 'recommend',
    describe: 'Top-K items for a known user (seen items excluded) or for a new user from a few items (fold-in)',
    builder: (y) => y
        .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
        .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
        .option('user', { type: 'string', describe: 'A user id of the training data' })
        .option('history', { type: 'string', describe: 'A new user: comma-separated item ids they interacted with' })
        .option('k', { type: 'number', default: 10, describe: 'How many items' })
        .option('exclude', {
        choices: ['all', 'train', 'none'],
        default: 'all',
        describe: "A known user's interactions never recommended: every split of the graph's data, train only, or none",
    })
        .option('fold-in', { choices: ['mean', 'ls'], default: 'mean', describe: 'New-user vector: mean of the history items, or least squares' })
        .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array of {"id", "score", ...}' })
        .conflicts('user', 'history'),
    handler: async (a) => {
        const model = await openServingModel(a.run, { graph: a.graph, search: 'exact', foldIn: a['fold-in'] });
        const history = a.history === undefined ? undefined : a.history.split(',').map((s) => s.trim()).filter((s) => s !== '');
        const r = recommendItems(model, { user: a.user, history, k: a.k, exclude: a.exclude });
        if (a.json) {
            process.stdout.write(JSON.stringify(r.results) + '\n');
            return;
        }
        const who = r.user !== null ? `user ${r.user} (${r.excluded} seen items excluded)` : `a new user with history ${r.history.join(', ')}`;
        process.stdout.write(`top ${r.results.length} for ${who}:\n${formatHits(r.results)}\n`);
    },
};
//# sourceMappingURL=recommend.js.map