/**
 * Public datasets `pipeline datasets fetch NAME` can download, with the build-graph recipe that
 * reproduces the protocol each is usually evaluated with. Addresses are the canonical ones (the
 * publishers' own servers): MovieLens forbids redistribution, so it is always fetched from GroupLens.
 *
 * Checksums: `md5` where the publisher prints one (GroupLens ships ml-*.zip.md5), `sha256` where the
 * file is byte-identical to a copy we could hash (the LightGCN Gowalla split), and otherwise none:
 * the sha256 is then pinned on first download (cache checksums.json) and every later download of
 * the same address must match it.
 */
import { UsageError, suggest } from '../../core/errors.js';

export interface DatasetFile {
  url: string;
  /** Name in the dataset folder (for a zip: the archive, extracted in place and then removed). */
  name: string;
  /** Size in bytes, for display and the progress bar before the server says (approximate: "~"). */
  approxBytes: number;
  sha256?: string;
  /** The publisher's md5 (when no sha256 is known). */
  md5?: string;
  /** A zip archive to extract into the dataset folder. */
  zip?: boolean;
}

/** The build-graph flags that reproduce the usual protocol; paths are relative to the dataset folder. */
export interface BuildRecipe {
  format: 'movielens' | 'lightgcn';
  input: string;
  test?: string;
  split?: 'provided' | 'leave-one-out' | 'temporal' | 'ratio' | 'latest';
  minRating?: number;
  testRatio?: number;
  valid?: number;
  /** One line: the protocol, and where it comes from. */
  protocol: string;
}

export interface DatasetSpec {
  name: string;
  title: string;
  description: string;
  homepage: string;
  /** Printed before every download: what the user agrees to. */
  license: string;
  files: DatasetFile[];
  /** sha256 of files after extraction, where known (checked after unzip). */
  extracted?: Record<string, string>;
  userFeatures: boolean;
  itemFeatures: boolean;
  recipe: BuildRecipe;
}

const GROUPLENS = 'https://files.grouplens.org/datasets/movielens';
const LIGHTGCN = 'https://raw.githubusercontent.com/kuandeng/LightGCN/master/Data';
const MOVIELENS_LICENSE =
  'GroupLens research licence: research use only, no commercial use, cite Harper & Konstan (2015), ' +
  'do not redistribute (fetched from GroupLens, never shipped). Full text: README in the dataset folder.';
const lightgcnLicense = (source: string) =>
  `Preprocessed split published by the LightGCN authors (kuandeng/LightGCN, MIT-licensed code); the data keeps its source's terms: ${source}. Cite the source and He et al. (2020).`;

function movielens(
  name: string,
  title: string,
  approxBytes: number,
  md5: string | undefined,
  recipe: BuildRecipe,
  extra: Partial<DatasetSpec> = {},
): DatasetSpec {
  return {
    name,
    title,
    description: '',
    homepage: 'https://grouplens.org/datasets/movielens/',
    license: MOVIELENS_LICENSE,
    files: [{ url: `${GROUPLENS}/${name}.zip`, name: `${name}.zip`, approxBytes, md5, zip: true }],
    userFeatures: false,
    itemFeatures: true,
    recipe,
    ...extra,
  };
}

function lightgcnSplit(
  name: string,
  title: string,
  sizes: [number, number],
  sha: [string, string] | undefined,
  description: string,
  source: string,
): DatasetSpec {
  const file = (n: string, k: number): DatasetFile => ({
    url: `${LIGHTGCN}/${name}/${n}`,
    name: n,
    approxBytes: sizes[k],
    ...(sha ? { sha256: sha[k] } : {}),
  });
  return {
    name,
    title,
    description,
    homepage: 'https://github.com/kuandeng/LightGCN',
    license: lightgcnLicense(source),
    files: [file('train.txt', 0), file('test.txt', 1)],
    userFeatures: false,
    itemFeatures: false,
    recipe: {
      format: 'lightgcn',
      input: 'train.txt',
      test: 'test.txt',
      split: 'provided',
      protocol: 'the paper split as given; full ranking, top-20 (LightGCN, He et al. 2020)',
    },
  };
}

export const DATASETS: readonly DatasetSpec[] = [
  movielens(
    'ml-100k',
    'MovieLens 100K (1998)',
    4_924_029,
    '0e33842e24a9c977be4e0107933c0723',
    {
      format: 'movielens',
      input: 'ml-100k',
      split: 'leave-one-out',
      valid: 0.1,
      protocol: "every rating as implicit feedback, each user's latest item held out (NCF, He et al. 2017)",
    },
    {
      description:
        '100,000 ratings (1-5) of 1,682 movies by 943 users; user demographics (age, gender, occupation, zip) and genres.',
      userFeatures: true,
    },
  ),
  movielens(
    'ml-1m',
    'MovieLens 1M (2003)',
    5_917_549,
    'c4d9eecfca2ab87c1945afe126590906',
    {
      format: 'movielens',
      input: 'ml-1m',
      split: 'leave-one-out',
      valid: 0.1,
      protocol:
        "every rating as implicit feedback, each user's latest item held out, 99 sampled negatives available (NCF, He et al. 2017)",
    },
    {
      description:
        '1,000,209 ratings of 3,706 movies by 6,040 users; user demographics (age, gender, occupation, zip) and genres.',
      userFeatures: true,
    },
  ),
  movielens(
    'ml-latest-small',
    'MovieLens latest, small (2018)',
    978_202,
    undefined,
    {
      format: 'movielens',
      input: 'ml-latest-small',
      split: 'leave-one-out',
      valid: 0.1,
      protocol:
        "every rating as implicit feedback, each user's latest item held out; a development set, not a benchmark",
    },
    {
      description:
        '100,836 ratings and 3,683 tags of 9,742 movies by 610 users; genres, tags, titles. GroupLens publishes no checksum: the extracted files are checked against the 2018-09-26 release.',
      extracted: {
        'ml-latest-small/ratings.csv': '80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8',
        'ml-latest-small/movies.csv': 'c47b783f23eb304413307e1bb05335e427737da20ec8d3c0e96335567dd5f3dc',
        'ml-latest-small/tags.csv': '68eec00a0820c2faa8863a6df7032f13d5899a4462bce9a97213905297ff3d34',
        'ml-latest-small/links.csv': '028a4a1d17751ca9276e0e0718cfc22356350f224a996e1ec348c23274b9209d',
      },
    },
  ),
  movielens(
    'ml-25m',
    'MovieLens 25M (2019)',
    261_978_986,
    '6b51fb2759a8657d3bfcbfc42b592ada',
    {
      format: 'movielens',
      input: 'ml-25m',
      split: 'temporal',
      minRating: 4,
      testRatio: 0.2,
      valid: 0.1,
      protocol: 'ratings >= 4 as positives, the latest 20% by time as test',
    },
    {
      description: '25,000,095 ratings and 1,093,360 tags of 62,423 movies by 162,541 users; genres, tags, tag genome.',
    },
  ),
  lightgcnSplit(
    'gowalla',
    'Gowalla check-ins, LightGCN split',
    [4_633_414, 1_372_559],
    [
      '7244696fdeb23911319cf7b689f2e15a3c4c92549c873a5677b44e3f13cc3e62',
      '099a2a73924e4b754dc6efd730d764f492321b53c38eb93298850c83acf57be3',
    ],
    '29,858 users, 40,981 locations, 810,128 train and 217,242 test check-ins (10-core).',
    'SNAP loc-gowalla (Cho et al. 2011), published for research',
  ),
  lightgcnSplit(
    'yelp2018',
    'Yelp 2018, LightGCN split',
    [8_500_000, 2_200_000],
    undefined,
    '31,668 users, 38,048 businesses, 1,561,406 interactions (10-core, Yelp challenge 2018).',
    'the Yelp Dataset terms (academic, non-commercial use)',
  ),
  lightgcnSplit(
    'amazon-book',
    'Amazon-Book, LightGCN split',
    [13_500_000, 3_700_000],
    undefined,
    '52,643 users, 91,599 books, 2,984,108 interactions (10-core, Amazon review data 2018).',
    'the Amazon review data (McAuley et al.), for research use',
  ),
];

export function datasetNames(): string[] {
  return DATASETS.map((d) => d.name);
}

export function findDataset(name: string): DatasetSpec {
  const spec = DATASETS.find((d) => d.name === name);
  if (spec) return spec;
  const close = suggest(name, datasetNames());
  throw new UsageError(`unknown dataset "${name}"`, {
    hint: `${close.length ? `did you mean ${close.join(', ')}? ` : ''}pipeline datasets list shows them all`,
  });
}
