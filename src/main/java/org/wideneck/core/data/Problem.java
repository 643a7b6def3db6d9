package org.wideneck.core.data;

import java.io.Serializable;

/** A training and a test split with the same input and output dimensions. */
public record Problem(Dataset train, Dataset test) implements Serializable {
    public Problem {
        if (train.d0() != test.d0() || train.dr() != test.dr()) {
            throw new IllegalArgumentException("train is " + train.d0() + "→" + train.dr() + " but test is " + test.d0() + "→" + test.dr());
        }
    }

    public int d0() {
        return train.d0();
    }

    public int dr() {
        return train.dr();
    }

    public Dataset split(Split s) {
        return s == Split.TRAIN ? train : test;
    }
}
