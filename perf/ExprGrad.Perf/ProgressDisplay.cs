using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace ExprGrad.Perf;

/// <summary>
/// What the main job is doing while it measures: on a terminal, one live progress bar per workload (Spectre.Console);
/// when output is redirected (CI, a file), one plain line per step, so logs stay readable.
/// </summary>
internal abstract class ProgressDisplay
{
    /// <summary>Runs <paramref name="body"/> with the display that fits the console and returns its result.</summary>
    public static T Run<T>(Func<ProgressDisplay, T> body)
    {
        if (Console.IsOutputRedirected) return body(new Plain(Console.Out));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context => result = body(new Live(context)));
        return result;
    }

    /// <summary>Starts a task of <paramref name="steps"/> steps, shown as <paramref name="name"/>.</summary>
    public abstract Task Begin(string name, int steps);

    /// <summary>One task (a workload, the L-BFGS demo); dispose it when done.</summary>
    public abstract class Task : IDisposable
    {
        /// <summary>Marks the previous step done and shows <paramref name="description"/> as the current one.</summary>
        public abstract void Step(string description);

        /// <summary>Shows <paramref name="detail"/> beside the current step without advancing (e.g. an iteration count).</summary>
        public abstract void Detail(string detail);

        /// <summary>Marks the task complete.</summary>
        public abstract void Dispose();
    }

    private sealed class Live(ProgressContext context) : ProgressDisplay
    {
        public override Task Begin(string name, int steps) => new LiveTask(context.AddTask(Markup.Escape(name), maxValue: steps), name);

        private sealed class LiveTask(ProgressTask task, string name) : Task
        {
            private bool started;
            private string step = "";

            public override void Step(string description)
            {
                if (started) task.Increment(1);
                started = true;
                step = description;
                task.Description = Markup.Escape($"{name}: {description}");
            }

            public override void Detail(string detail) => task.Description = Markup.Escape($"{name}: {step} {detail}");

            public override void Dispose()
            {
                task.Value = task.MaxValue;
                task.Description = Markup.Escape(name);
                task.StopTask();
            }
        }
    }

    private sealed class Plain(TextWriter output) : ProgressDisplay
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public override Task Begin(string name, int steps) => new PlainTask(this, name);

        private void Line(string text) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,5:F1} s] {text}"));

        private sealed class PlainTask(Plain display, string name) : Task
        {
            public override void Step(string description) => display.Line($"{name}: {description}");

            public override void Detail(string detail) => display.Line($"{name}: {detail}");

            public override void Dispose() => display.Line($"{name}: done");
        }
    }
}
