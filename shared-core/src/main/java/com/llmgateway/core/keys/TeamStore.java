package com.llmgateway.core.keys;

import com.llmgateway.core.team.Team;

import java.util.List;
import java.util.Optional;

/** Where teams live (the keys table). Failures surface as {@link com.llmgateway.core.error.GatewayException}. */
public interface TeamStore {

    /** Stores a new team; 409 when the id is taken. */
    void create(Team team);

    /** Replaces an existing team; 404 when it does not exist. */
    void update(Team team);

    Optional<Team> get(String teamId);

    /** Every team, by id. */
    List<Team> list();
}
