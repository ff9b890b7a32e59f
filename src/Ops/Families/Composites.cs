using ExprGrad.Ops;

namespace ExprGrad.Ops
{
    /// <summary>
    /// Functions written from primitives, generically, with no derivative code of their own: every mode
    /// differentiates them through the primitives' rules.
    /// </summary>
    internal static class Composite
    {
        public static T Square<T>(T x) where T : IAlgebra<T> => x * x;

        public static T Relu<T>(T x) where T : IAlgebra<T>
            => T.Apply(OpTable.Select, T.Apply(OpTable.Greater, x, 0.0), x, 0.0);

        // e = exp(-|x|) in (0, 1], so neither branch overflows and the branch not taken stays finite (its
        // zero adjoint never meets an infinite partial). min(-x, x) rather than -|x|: at the tie x = 0 min
        // sends the gradient to its first argument, -x, which is the right one-sided slope for x >= 0.
        public static T Sigmoid<T>(T x) where T : IAlgebra<T>
        {
            T e = T.Apply(OpTable.Exp, T.Apply(OpTable.Min, -x, x));
            T positive = 1.0 / (1.0 + e);
            T negative = e / (1.0 + e);
            return T.Apply(OpTable.Select, T.Apply(OpTable.GreaterOrEqual, x, 0.0), positive, negative);
        }

        // log(1 + e^x) = max(x, 0) + log1p(e^-|x|), with the same tie handling as Sigmoid: slope 1/2 at 0.
        public static T Softplus<T>(T x) where T : IAlgebra<T>
            => T.Apply(OpTable.Max, x, 0.0) + T.Apply(OpTable.Log1p, T.Apply(OpTable.Exp, T.Apply(OpTable.Min, -x, x)));

        public static T Hypot<T>(T a, T b) where T : IAlgebra<T> => T.Apply(OpTable.Sqrt, a * a + b * b);

        // Shifted by the maximum m so exp never overflows (the max's own gradient cancels mathematically). An
        // infinite m (an input +inf, or all -inf) would make v - m = inf - inf = NaN: the result is then m, and its
        // gradient is shared equally by the inputs equal to m — the softmax with inf - inf taken as 0, which is the
        // limit along the diagonal and sums to 1 as every gradient of LogSumExp does (log-sum-exp(v + c) = ... + c).
        // Both branches stay finite where they are not taken, so no 0 * inf reaches a gradient.
        public static T LogSumExp<T>(ReadOnlySpan<T> values) where T : IAlgebra<T>
        {
            if (values.Length == 0) throw new ArgumentException("LogSumExp needs at least one value.", nameof(values));
            if (values.Length == 1) return values[0]; // log(exp(v)) = v, also at +-inf and NaN
            T max = values[0];
            for (int i = 1; i < values.Length; i++) max = T.Apply(OpTable.Max, max, values[i]);
            // (T) makes +inf the second operand: Apply(op, x, double) would pass it as the op's parameter.
            T infinite = T.Apply(OpTable.Equal, T.Apply(OpTable.Abs, max), (T)double.PositiveInfinity);
            T sum = 0.0, tied = 0.0, ties = 0.0;
            for (int i = 0; i < values.Length; i++)
            {
                T term = T.Apply(OpTable.Exp, T.Apply(OpTable.Select, infinite, 0.0, values[i] - max));
                sum = i == 0 ? term : sum + term;
                T isMax = T.Apply(OpTable.Equal, values[i], max);
                T share = T.Apply(OpTable.Select, isMax, values[i], 0.0);
                tied = i == 0 ? share : tied + share;
                ties = i == 0 ? isMax : ties + isMax;
            }
            return T.Apply(OpTable.Select, infinite, tied / ties, max + T.Apply(OpTable.Log, sum));
        }
    }
}

namespace ExprGrad
{
    public readonly partial struct Scalar
    {
        /// <summary>x * x.</summary>
        public static Scalar Square(Scalar x) => Composed("square", [x], static v => Composite.Square(v[0]));
        /// <summary>max(x, 0); relu'(0) = 0.</summary>
        public static Scalar Relu(Scalar x) => Composed("relu", [x], static v => Composite.Relu(v[0]));
        /// <summary>1 / (1 + e^-x), stable for large |x|.</summary>
        public static Scalar Sigmoid(Scalar x) => Composed("sigmoid", [x], static v => Composite.Sigmoid(v[0]));
        /// <summary>log(1 + e^x), stable for large |x|.</summary>
        public static Scalar Softplus(Scalar x) => Composed("softplus", [x], static v => Composite.Softplus(v[0]));
        /// <summary>sqrt(a^2 + b^2) (computed directly: overflows past about 1e154).</summary>
        public static Scalar Hypot(Scalar a, Scalar b) => Composed("hypot", [a, b], static v => Composite.Hypot(v[0], v[1]));
        /// <summary>log(sum(exp(values))), shifted by the maximum so it never overflows.</summary>
        public static Scalar LogSumExp(params ReadOnlySpan<Scalar> values) => Composed("logsumexp", values, static v => Composite.LogSumExp(v));
        /// <summary>log(sum(exp(values))), shifted by the maximum so it never overflows.</summary>
        public static Scalar LogSumExp(params Scalar[] values) => LogSumExp((ReadOnlySpan<Scalar>)values);

        /// <summary>Runs a composite on its arguments' recorder, which may show it as one step (Grad.Explain).</summary>
        private static Scalar Composed(string name, ReadOnlySpan<Scalar> arguments, CompositeBody body)
        {
            Recorder? owner = null;
            foreach (Scalar argument in arguments) owner = SharedOwner(argument, owner);
            return owner is null ? body(arguments) : owner.Composite(name, arguments, body);
        }
    }

    public readonly partial struct Dual
    {
        /// <summary>x * x.</summary>
        public static Dual Square(Dual x) => x * x;
    }
}
