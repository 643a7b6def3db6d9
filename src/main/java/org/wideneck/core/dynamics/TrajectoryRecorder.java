package org.wideneck.core.dynamics;

/** A function-space simulation that can record what its outputs at new points follow from (a saved model). */
public interface TrajectoryRecorder {
    /**
     * Records, from now on, what {@link #trajectory} hands out: every update the test points receive, grouped as
     * applied. Called before the first step (a run restored from a checkpoint that recorded keeps its record).
     */
    void recordTrajectory();

    /**
     * The trajectory recorded since {@link #recordTrajectory}, with the test updates still pending as a last group:
     * with the run's initial state it gives F_t at any point.
     */
    Trajectory trajectory();
}
