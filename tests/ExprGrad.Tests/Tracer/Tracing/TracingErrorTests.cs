using static ExprGrad.Scalar;

namespace ExprGrad.Tests.Tracer.Tracing;

/// <summary>Misuse while tracing ends in a clear exception, never in a silently frozen or wrong gradient.</summary>
public class TracingErrorTests
{
    [Fact]
    public void Branch_on_a_traced_value_throws_and_suggests_Where()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v =>
        {
            if (v[0] > 0) return v[0];
            return -v[0];
        }, 1));
        Assert.Contains("branch", e.Message);
        Assert.Contains("Scalar.Where", e.Message);
    }

    [Fact]
    public void The_same_branch_written_with_Where_compiles_and_chooses_per_call()
    {
        var g = Grad.Compile(v => Where(v[0] > 0, v[0] * v[0], -v[0]), 1);
        var gradient = new double[1];
        Assert.Equal(4, g.ValueAndGradient([2], gradient), 1e-15);
        Assert.Equal(4, gradient[0], 1e-15);
        Assert.Equal(2, g.ValueAndGradient([-2], gradient), 1e-15);
        Assert.Equal(-1, gradient[0], 1e-15);
    }

    [Fact]
    public void Branching_works_in_tape_and_forward_mode()
    {
        Func<Vec, Scalar> f = v => v[0] > 0 ? v[0] * v[0] : -v[0];
        foreach (var g in new[] { Grad.Tape(f, 1), Grad.Forward(f, 1) })
        {
            var (value, gradient) = Modes.Evaluate(g, 3);
            Assert.Equal(9, value, 1e-15);
            Assert.Equal(6, gradient[0], 1e-15);
        }
    }

    [Fact]
    public void A_scalar_kept_from_one_trace_and_used_in_another_throws()
    {
        Scalar kept = default;
        Grad.Compile(v => kept = v[0] * 2, 1);
        var e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => v[0] + kept, 1));
        Assert.Contains("earlier recording", e.Message);
    }

    [Fact]
    public void A_scalar_from_tape_mode_used_in_a_compiled_trace_throws()
    {
        Scalar fromTape = default;
        var tape = Grad.Tape(v => fromTape = v[0] * 1.5, 1);
        tape.ValueAndGradient([1.0], new double[1]);
        Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => v[0] * fromTape, 1));
    }

    [Fact]
    public void A_scalar_from_another_thread_trace_throws()
    {
        Scalar other = default;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var thread = new Thread(() => Grad.Compile(v =>
        {
            other = v[0] * 3;
            started.Set();
            release.Wait();
            return other;
        }, 1));
        thread.Start();
        started.Wait();
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => Grad.Compile(v => v[0] + other, 1));
            Assert.Contains("another thread", e.Message);
        }
        finally
        {
            release.Set();
            thread.Join();
        }
    }

    [Fact]
    public void Null_function_and_bad_dimension_throw()
    {
        Assert.Throws<ArgumentNullException>(() => Grad.Compile((Func<Vec, Scalar>)null!, 1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Compile(v => v[0], 0));
        Assert.Contains("at least 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Tape(v => v[0], -1));
        Assert.Throws<ArgumentNullException>(() => Grad.Forward(null!, 2));
    }

    [Fact]
    public void Vec_index_out_of_range_names_index_and_length()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Grad.Compile(v => v[2], 2));
        Assert.Contains("index 2", e.Message);
        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void An_untyped_lambda_is_traced()
    {
        // Grad.Compile only traces (quoted expressions are Grad.CompileExpression), so x is a Vec and a branch
        // inside the lambda is reported as a tracing error.
        var g = Grad.Compile(x => x[0] * x[1], 2);
        var (value, gradient) = Modes.Evaluate(g, 3, 4);
        Assert.Equal(12, value, 1e-15);
        Assert.Equal([4.0, 3.0], gradient);
        Assert.Throws<InvalidOperationException>(() => Grad.Compile(x => x[0] > x[1] ? x[0] : x[1], 2));
    }
}
