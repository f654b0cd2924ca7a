import type { CommandModule } from 'yargs';
import type { ColorBy } from '../report/data.js';

interface ReportArgs {
  run: string;
  graph?: string;
  out?: string;
  'max-points': number;
  'color-by': ColorBy;
  seed: number;
  json: boolean;
  quiet: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  builder: (y) =>
    y
      .option('run', { type: 'string', demandOption: true, describe: 'Run folder from train' })
      .option('graph', { type: 'string', describe: 'Graph folder, if it moved since training' })
      .option('out', { type: 'string', describe: 'HTML file to write (default RUN/report.html)' })
      .option('max-points', {
        type: 'number',
        default: 3000,
        describe: 'Items on the map (a seeded sample of larger catalogues)',
      })
      .option('color-by', {
        choices: ['auto', 'community', 'genre', 'none'] as const,
        default: 'auto' as const,
        describe: 'Colour of the map points (auto: genre, else community)',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the map sample' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object' }) as never,
  handler: async (a) => {
    const { writeReport } = await import('../report/index.js');
    const r = await writeReport(a.run, {
      out: a.out,
      graph: a.graph,
      maxPoints: a['max-points'],
      colorBy: a['color-by'],
      seed: a.seed,
    });
    if (a.json) process.stdout.write(JSON.stringify(r) + '\n');
    else
      process.stdout.write(
        `report (${r.points} items on the map, coloured by ${r.colorBy}, ${(r.bytes / 1024).toFixed(0)} KB) -> ${r.out}\n`,
      );
  },
};
