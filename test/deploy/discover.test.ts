import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { chooseComposeFiles, discoverDir } from '../../src/deploy/discover.ts';
import { tempTrees } from '../support/temp-tree.ts';

const tmp = tempTrees('zlmd-discover-');

describe('chooseComposeFiles', () => {
  it('uses compose\'s default file and its override, like `docker compose`', () => {
    expect(chooseComposeFiles(['docker-compose.prod.yml', 'docker-compose.yml', 'docker-compose.override.yml'])).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    expect(chooseComposeFiles(['compose.yaml', 'docker-compose.yml'])).toEqual(['compose.yaml']);
  });
  it('reads every compose-named file when there is no default one', () => {
    expect(chooseComposeFiles(['docker-compose.e2e.yml', 'notes.yml', 'zlm-deployment.yaml'])).toEqual(['docker-compose.e2e.yml']);
  });
});

describe('discoverDir', () => {
  it('finds config.ini, application.yml and compose files in the directory', () => {
    const d = tmp({ 'config.ini': '[http]\n', 'application.yml': 'media: {}\n', 'application-docker.yml': 'media: {}\n', 'docker-compose.yml': 'services: {}\n', '.env': 'A=1\n' });
    expect(discoverDir(d)).toEqual({ config: join(d, 'config.ini'), wvp: join(d, 'application.yml'), compose: [join(d, 'docker-compose.yml')], notes: [] });
  });
  it('looks in context/ for compose files', () => {
    const d = tmp({ 'config.ini': '', 'context/docker-compose.yaml': 'services: {}\n', 'context/zlm-service.yaml': 'kind: Service\n' });
    expect(discoverDir(d).compose).toEqual([join(d, 'context', 'docker-compose.yaml')]);
  });
  it('takes a lone application-<profile>.yml, and says when it cannot choose', () => {
    expect(discoverDir(tmp({ 'application-dev.yml': '' })).wvp).toMatch(/application-dev\.yml$/);
    const r = discoverDir(tmp({ 'application-dev.yml': '', 'application-prod.yml': '' }));
    expect(r.wvp).toBeUndefined();
    expect(r.notes[0]).toMatch(/--wvp/);
  });
});
