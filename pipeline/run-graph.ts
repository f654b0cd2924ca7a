import type { GraphManifest } from '../graph/manifest.js';
import { graphChecksum } from '../graph/manifest.js';
import { ArtifactError } from '../core/errors.js';
import type { RunFolder, RunRecord } from './run-folder.js';

/**
 * The two checks every reader of a trained run makes, kept apart from the model code so that
 * light readers (`similar`) can make them without loading it: the run has a model, and the graph
 * folder is the one it was trained on.
 */
export async function readFinishedRecord(run: RunFolder): Promise<RunRecord> {
  const record = await run.readRecord();
  if (record.status !== 'finished' && !run.hasBundle('model')) {
    throw new ArtifactError(`run ${run.dir} has no trained model yet (status ${record.status})`, {
      file: run.recordPath,
      hint: 'let training finish, or continue it with --resume',
    });
  }
  return record;
}

/** Loads the run's graph (`graphDir` when it moved) with `load`, refusing a graph other than the one trained on. */
export async function openRunGraph<T extends { manifest: GraphManifest }>(
  record: RunRecord,
  graphDir: string | undefined,
  load: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = graphDir ?? record.graph.dir;
  const graph = await load(dir).catch((e: unknown) => {
    if (e instanceof ArtifactError) {
      throw new ArtifactError(`the run's graph cannot be loaded: ${e.message}`, {
        file: dir,
        hint: 'pass --graph DIR if the graph folder moved',
        cause: e,
      });
    }
    throw e;
  });
  if (record.graph.checksum !== graphChecksum(graph)) {
    throw new ArtifactError(`graph ${dir} is not the graph this run was trained on (checksum differs)`, {
      file: dir,
      hint: 'evaluate with the graph folder used for training (--graph), or retrain',
    });
  }
  return graph;
}
