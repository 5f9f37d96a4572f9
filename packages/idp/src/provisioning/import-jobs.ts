// Progress of background imports (more than 100 users), for the Identity Management tab and API.
// Kept in memory only: a restart of the IdP loses an unfinished background import (the users it
// already created stay; importing the rest again from "Manual import" → "New users only" resumes
// it, since imported users are listed as Imported). The tab says so next to the progress bar.

export type ImportJobState = 'running' | 'finished' | 'failed';

export interface ImportJob {
  id: string;
  applicationId: string;
  initiator: string;
  total: number;
  done: number;
  imported: number;
  failed: number;
  state: ImportJobState;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Finished jobs kept per application (the most recent ones), next to every running job. */
const KEEP_FINISHED = 5;

export function createImportJobs(now: () => Date) {
  const jobs = new Map<string, ImportJob>();

  function prune(applicationId: string) {
    const finished = [...jobs.values()]
      .filter((j) => j.applicationId === applicationId && j.state !== 'running')
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    for (const j of finished.slice(KEEP_FINISHED)) jobs.delete(j.id);
  }

  return {
    start(id: string, applicationId: string, total: number, initiator: string): ImportJob {
      const job: ImportJob = {
        id,
        applicationId,
        initiator,
        total,
        done: 0,
        imported: 0,
        failed: 0,
        state: 'running',
        error: null,
        startedAt: now(),
        finishedAt: null,
      };
      jobs.set(id, job);
      return job;
    },
    finish(job: ImportJob, error?: string) {
      job.state = error === undefined ? 'finished' : 'failed';
      job.error = error ?? null;
      job.finishedAt = now();
      prune(job.applicationId);
    },
    /** An application's jobs, newest first. */
    list(applicationId: string): ImportJob[] {
      return [...jobs.values()]
        .filter((j) => j.applicationId === applicationId)
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    },
    get: (id: string) => jobs.get(id),
  };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
