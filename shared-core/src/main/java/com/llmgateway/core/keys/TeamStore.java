package com.llmgateway.core.keys;

import com.llmgateway.core.team.Team;

import java.util.List;
import java.util.Optional;

/** Where teams live (the keys table). Failures surface as {@link com.llmgateway.core.error.GatewayException}. */
public interface TeamStore {

    /** Stores a new team; 409 when the id is taken. */
    void create(Team team);

    /**
     * Replaces {@code previous} with {@code next} (same team id) only if the stored team is still
     * {@code previous} (compared by {@code updated_at}), so that two concurrent changes cannot lose one
     * another: 409 when it changed meanwhile, 404 when it does not exist.
     */
    void update(Team previous, Team next);

    Optional<Team> get(String teamId);

    /** Every team, by id. */
    List<Team> list();
}
