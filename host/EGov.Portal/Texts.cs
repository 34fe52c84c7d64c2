namespace EGov.Portal;

/// <summary>The portal's texts (Resources/Texts.resx in English, Texts.fr.resx in French), read through IStringLocalizer.</summary>
public sealed class Texts;
