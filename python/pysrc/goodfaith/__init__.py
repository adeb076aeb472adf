"""goodfaith: finds coercive (one-sided, manipulative) and mutual-benefit (negotiation)
language in transcripts, emails and policy documents, and judges whether a conversation
worked toward an agreement that serves everyone.

Every function returns the report the command line writes with ``--format json`` (one
entry of its ``files``) as a dict: ``verdict``, ``score``, ``reasons``, ``speakers``,
``pressure``, ``findings`` … Nothing is sent anywhere; the lexicons and the model are
inside the package.

>>> import goodfaith
>>> goodfaith.analyse("Take it or leave it.")["verdict"]
'coercive'
"""

from ._native import Lexicon, Model, __version__, analyse, analyse_file, analyse_many

__all__ = ["Lexicon", "Model", "analyse", "analyse_file", "analyse_many", "__version__"]
