package com.llmgateway.auth;

import com.llmgateway.core.keys.KeyCache;
import com.fasterxml.jackson.databind.JsonNode;
import com.llmgateway.core.error.GatewayException;
import com.llmgateway.core.http.CallerContext;
import com.llmgateway.core.keys.TeamStore;
import com.llmgateway.core.team.Team;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Team management: create, read, list, change. */
final class TeamService {

    private static final Logger LOG = LoggerFactory.getLogger(TeamService.class);

    private final TeamStore teams;
    private final TeamRequests requests;
    private final KeyCache cache;
    private final Clock clock;

    TeamService(TeamStore teams, TeamRequests requests, KeyCache cache, Clock clock) {
        this.teams = teams;
        this.requests = requests;
        this.cache = cache;
        this.clock = clock;
    }

    Team create(JsonNode body) {
        Team team = requests.create(body, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        teams.create(team);
        LOG.info("team created team_id={}", team.teamId());
        return team;
    }

    Team get(String teamId) {
        if (!TeamRequests.TEAM_ID.matcher(teamId).matches()) {
            throw notFound(teamId);
        }
        return teams.get(teamId).orElseThrow(() -> notFound(teamId));
    }

    List<Team> list() {
        return teams.list();
    }

    Team patch(String teamId, JsonNode body, CallerContext caller) {
        Team current = get(teamId);
        Team changed = requests.patch(current, body, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (current.enabled() && !changed.enabled() && teamId.equals(caller.teamId())) {
            throw Fields.bad("enabled", "A key cannot disable its own team (it would lock itself out); use a key of another team.");
        }
        teams.update(current, changed);
        cache.evictTeam(teamId);
        LOG.info("team updated team_id={} enabled={}", teamId, changed.enabled());
        return changed;
    }

    static GatewayException notFound(String teamId) {
        String shown = teamId != null && TeamRequests.TEAM_ID.matcher(teamId).matches() ? " '" + teamId + "'" : "";
        return GatewayException.notFound("No team" + shown + ".", "team_id", "team_not_found");
    }
}
