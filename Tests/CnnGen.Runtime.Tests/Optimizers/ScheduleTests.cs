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

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(-0.1, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(0.1, 0.5).LearningRateAt(-1));
    }
}
