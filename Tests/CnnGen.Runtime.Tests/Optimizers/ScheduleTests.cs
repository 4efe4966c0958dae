namespace CnnGen.Tests.Optimizers;

public class ScheduleTests
{
    [Fact]
    public void Step_decay_is_step_lr()
    {
        var schedule = new StepDecay(0.1, stepSize: 3, gamma: 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025];
        for (var epoch = 0; epoch < expected.Length; epoch++) Assert.Equal(expected[epoch], schedule.LearningRateAt(epoch), 15);
        Assert.Equal(0.01, new StepDecay(0.1, 2).LearningRateAt(2), 15);
    }

    [Fact]
    public void Exponential_decay_is_exponential_lr()
    {
        var schedule = new ExponentialDecay(0.2, 0.9);
        Assert.Equal(0.2, schedule.LearningRateAt(0), 15);
        Assert.Equal(0.2 * 0.9 * 0.9 * 0.9, schedule.LearningRateAt(3), 15);
    }

    [Fact]
    public void Inverse_time_decay_divides_by_one_plus_decay_times_epoch()
    {
        var schedule = new InverseTimeDecay(0.3, 0.5);
        Assert.Equal(0.3, schedule.LearningRateAt(0), 15);
        Assert.Equal(0.1, schedule.LearningRateAt(4), 15);
    }

    /// <summary>PyTorch's OneCycleLR(max_lr=0.1, total_steps=4, pct_start=0.25) raises ZeroDivisionError: its rising phase is empty.</summary>
    [Fact]
    public void One_cycle_with_an_empty_phase_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1, 4, pctStart: 0.25));
        Assert.Equal("pctStart", error.ParamName);
        Assert.StartsWith("The rising phase of the one-cycle schedule is empty: it starts and ends at step 0 (pct_start · total_steps − 1 with pct_start = 0.25, total_steps = 4)", error.Message, StringComparison.Ordinal);

        // Three phases, the last empty: 2 · 0.625 · 4 − 2 = 3 = total_steps − 1 (PyTorch divides by zero at step 4).
        var last = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1, 4, pctStart: 0.625, threePhase: true));
        Assert.Contains("The annihilation phase of the one-cycle schedule is empty: it starts and ends at step 3", last.Message, StringComparison.Ordinal);
    }

    /// <summary>Every one-cycle schedule the constructor accepts answers a finite, non-negative rate at every step it covers.</summary>
    [Fact]
    public void Every_accepted_one_cycle_gives_finite_rates_at_every_step()
    {
        var accepted = 0;
        foreach (var threePhase in new[] { false, true })
            for (var total = 1; total <= 40; total++)
                for (var tenth = 1; tenth <= 9; tenth++)
                {
                    OneCycle schedule;
                    try
                    {
                        schedule = new OneCycle(0.1, total, pctStart: tenth / 10.0, threePhase: threePhase);
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        continue;
                    }
                    accepted++;
                    for (var step = 0; step <= total; step++)
                    {
                        var rate = schedule.LearningRateAt(step);
                        Assert.True(double.IsFinite(rate) && rate >= 0, $"{schedule} at step {step}: {rate}");
                    }
                }
        Assert.True(accepted > 600, $"only {accepted} of 720 accepted");
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(-0.1, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, 0.5).LearningRateAt(-1));
    }
}
