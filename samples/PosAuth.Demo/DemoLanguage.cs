namespace PosAuth.Demo;

/// <summary>Which language the demo narrates in (<c>--lang</c>).</summary>
internal enum DemoLanguage
{
    /// <summary>Simplified Chinese and English, each line twice (the default).</summary>
    Both,

    /// <summary>Simplified Chinese only (<c>--lang zh-CN</c>).</summary>
    Chinese,

    /// <summary>English only (<c>--lang en</c>).</summary>
    English,
}
